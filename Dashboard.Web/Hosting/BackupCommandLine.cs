using Dashboard.Data;
using Dashboard.Data.Backups;

namespace Dashboard.Web.Hosting;

/// <summary>
/// <c>dotnet run --project Dashboard.Web -- backup PATH</c>: a consistent backup of the database and the sign-in keys
/// into one zip file (PATH a new .zip file, or a folder), safe to run while the app is running and saving.
/// </summary>
public static class BackupCommandLine
{
    public const string Usage = "用法：backup 路径   （路径为新的 .zip 文件，或存放备份的文件夹）";

    public static bool Handles(string[] args) => args is ["backup", ..];

    public static async Task<int> RunAsync(string[] args, IServiceProvider services)
    {
        if (args is not ["backup", var target])
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var db = services.GetRequiredService<DashboardDb>();
        if (!File.Exists(db.DatabasePath))
        {
            Console.Error.WriteLine($"数据库文件 {db.DatabasePath} 不存在，没有可备份的数据。");
            return 2;
        }
        try
        {
            var paths = services.GetRequiredService<DataPaths>();
            var written = await Backup.CreateAsync(db, Path.Combine(paths.DataFolder, Backup.KeysFolder), target, services.GetRequiredService<TimeProvider>());
            Console.WriteLine($"已备份到 {written}（数据库与登录密钥）。");
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            Console.Error.WriteLine($"备份失败：{e.Message}");
            return 1;
        }
    }
}
