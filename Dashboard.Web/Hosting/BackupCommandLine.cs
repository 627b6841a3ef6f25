using Dashboard.Data;
using Dashboard.Data.Backups;

namespace Dashboard.Web.Hosting;

/// <summary>
/// <c>dotnet run --project Dashboard.Web -- backup PATH [--with-keys]</c>: a consistent backup of the database (and,
/// when asked, the sign-in keys) into one zip file (PATH a new .zip file, or a folder), safe to run while the app is
/// running and saving. <c>… -- restore BACKUP.zip</c>: checks the backup, then puts it in place of the database (and
/// keys, if it holds them), keeping the previous ones aside; only while the app is stopped. On PostgreSQL the same two commands use pg_dump and
/// pg_restore (<see cref="PostgresBackup"/>).
/// </summary>
public static class BackupCommandLine
{
    public const string Usage = """
        用法：backup 路径 [--with-keys]  备份数据库（路径为新的 .zip 文件，或存放备份的文件夹；应用运行时也可执行）；
                                      加 --with-keys 时连同登录密钥一起备份（持有该备份者可冒充任何用户登录，请妥善保管）
              restore 备份.zip           从备份恢复（须先停止应用；被替换的数据库与密钥移到数据文件夹的 before-restore-… 中）
        """;

    public static bool Handles(string[] args) => args is ["backup" or "restore", ..];

    public static async Task<int> RunAsync(string[] args, IServiceProvider services)
    {
        var db = services.GetRequiredService<DashboardDb>();
        var keysFolder = Path.Combine(services.GetRequiredService<DataPaths>().DataFolder, Backup.KeysFolder);
        var clock = services.GetRequiredService<TimeProvider>();
        try
        {
            switch (args)
            {
                case ["backup", var target, .. var options] when options is [] or ["--with-keys"] && db.Engine == DatabaseEngine.Postgres:
                    var dump = await PostgresBackup.CreateAsync(db, options is ["--with-keys"], target, clock);
                    Console.WriteLine(options is ["--with-keys"]
                        ? $"已备份到 {dump}（pg_dump 自定义格式，已试恢复检查；含登录密钥，持有此文件者可冒充任何用户登录，请妥善保管）。"
                        : $"已备份到 {dump}（pg_dump 自定义格式，已试恢复检查；不含登录密钥；该文件含密码散列，请妥善保管）。");
                    return 0;

                case ["restore", var dumpSource] when db.Engine == DatabaseEngine.Postgres:
                    var result = await PostgresBackup.RestoreAsync(db, dumpSource, services.GetRequiredService<DataPaths>().DataFolder, clock);
                    Console.WriteLine($"已从 {Path.GetFullPath(dumpSource)} 恢复数据库 {db.Description}（结构版本 {result.SchemaVersion}{(result.RestoredKeys ? "，含登录密钥" : "")}）。");
                    Console.WriteLine($"恢复前的数据已备份到 {result.PreviousDataFolder}。所有用户需重新登录。启动应用服务器即可使用恢复的数据。");
                    return 0;

                case ["backup", var target, .. var options] when options is [] or ["--with-keys"]:
                    if (!File.Exists(db.DatabasePath))
                    {
                        Console.Error.WriteLine($"数据库文件 {db.DatabasePath} 不存在，没有可备份的数据。");
                        return 2;
                    }
                    var withKeys = options is ["--with-keys"];
                    var written = await Backup.CreateAsync(db, withKeys ? keysFolder : null, target, clock);
                    Console.WriteLine(withKeys
                        ? $"已备份到 {written}（数据库与登录密钥；持有此文件者可冒充任何用户登录，请像数据库一样妥善保管）。"
                        : $"已备份到 {written}（数据库，不含登录密钥；该文件含密码散列，请像数据库一样妥善保管）。");
                    return 0;

                case ["restore", var source]:
                    using (var databaseLock = DatabaseLock.TryAcquire(db.DatabasePath))
                    {
                        if (databaseLock is null)
                        {
                            Console.Error.WriteLine($"恢复失败：应用正在使用 {db.DatabasePath}。请先停止应用（例如 systemctl stop dashboard），再恢复。未做任何更改。");
                            return 1;
                        }
                        var restored = await Backup.RestoreAsync(source, db.DatabasePath, keysFolder, clock);
                        Console.WriteLine(restored.RestoredKeys
                            ? $"已从 {Path.GetFullPath(source)} 恢复数据库（结构版本 {restored.SchemaVersion}）与登录密钥。"
                            : $"已从 {Path.GetFullPath(source)} 恢复数据库（结构版本 {restored.SchemaVersion}）。备份中没有登录密钥：本机原有的密钥保留；在新机器上恢复时，所有用户需重新登录。");
                        Console.WriteLine(restored.PreviousDataFolder is { } aside
                            ? $"被替换的数据保存在 {aside}。启动应用即可使用恢复的数据。"
                            : "原来没有数据库。启动应用即可使用恢复的数据。");
                        return 0;
                    }

                default:
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            Console.Error.WriteLine($"{(args[0] == "backup" ? "备份" : "恢复")}失败：{e.Message}{(args[0] == "restore" ? " 未做任何更改。" : "")}");
            return 1;
        }
    }
}
