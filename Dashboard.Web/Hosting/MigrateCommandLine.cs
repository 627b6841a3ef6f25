using Dashboard.Data;
using Dashboard.Data.Backups;
using Dashboard.Data.Schema;

namespace Dashboard.Web.Hosting;

/// <summary>
/// <c>dotnet run --project Dashboard.Web -- migrate --to "Host=…;Database=…"</c>: copies this install's SQLite
/// database and sign-in keys into an empty PostgreSQL database and verifies the copy, table by table (rows and a
/// checksum). The app must be stopped (the copy must not miss a save). Afterwards set <c>ConnectionStrings:Dashboard</c>
/// to the same connection string and start the app servers; the SQLite file stays as it was.
/// </summary>
public static class MigrateCommandLine
{
    public const string Usage = """
        用法：migrate --to "Host=服务器;Port=5432;Database=数据库;Username=用户;Password=密码"
              把本机的 SQLite 数据库（指标、历史、报告、目标、目录、单位、用户）与登录密钥复制到一个空的 PostgreSQL 数据库，
              并逐表核对行数与校验和。须先停止应用；原 SQLite 文件不变。
        """;

    public static bool Handles(string[] args) => args is ["migrate", ..];

    public static async Task<int> RunAsync(string[] args, IServiceProvider services)
    {
        if (args is not ["migrate", "--to", var connectionString] || !DashboardDb.IsPostgres(connectionString))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var paths = services.GetRequiredService<DataPaths>();
        if (paths.Postgres is not null)
        {
            Console.Error.WriteLine("本机已配置为使用 PostgreSQL（ConnectionStrings:Dashboard）；migrate 只从 SQLite 复制。");
            return 2;
        }
        var source = services.GetRequiredService<DashboardDb>();
        if (!File.Exists(source.DatabasePath))
        {
            Console.Error.WriteLine($"数据库文件 {source.DatabasePath} 不存在，没有可复制的数据。");
            return 2;
        }
        using var databaseLock = DatabaseLock.TryAcquire(source.DatabasePath);
        if (databaseLock is null)
        {
            Console.Error.WriteLine($"复制失败：应用正在使用 {source.DatabasePath}。请先停止应用，再复制（以免漏掉复制期间的保存）。未做任何更改。");
            return 1;
        }

        await using var target = DashboardDb.FromConnectionString(connectionString, paths.DataFolder);
        var started = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            Console.WriteLine($"从 {source.Description} 复制到 {target.Description} …");
            var checks = await CopyToPostgres.CopyAsync(source, Path.Combine(paths.DataFolder, Backup.KeysFolder), target,
                new Progress<string>(line => Console.WriteLine($"  已复制 {line}")));
            foreach (var check in checks)
            {
                Console.WriteLine($"  {(check.Matches ? "一致" : "不一致")}  {check.Table}: {check.SourceRows} → {check.TargetRows} 行，校验和 {check.TargetChecksum[..16]}");
            }
            if (checks.Any(c => !c.Matches))
            {
                Console.Error.WriteLine("核对未通过：上面标为“不一致”的表与原数据库不同。请勿使用该 PostgreSQL 数据库；删除后重新复制。");
                return 1;
            }
            Console.WriteLine($"已复制并核对 {checks.Count} 个表、{checks.Sum(c => c.TargetRows)} 行（{started.Elapsed.TotalSeconds:0.0} 秒）。");
            Console.WriteLine("下一步：把 ConnectionStrings:Dashboard 设为该连接字符串，再启动应用服务器。原 SQLite 文件保持不变。");
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or DatabaseUnavailableException or System.Data.Common.DbException)
        {
            Console.Error.WriteLine($"复制失败：{e.Message}");
            return 1;
        }
    }
}
