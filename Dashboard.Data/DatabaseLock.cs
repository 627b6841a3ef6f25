namespace Dashboard.Data;

/// <summary>
/// "This database is in use by a running app": an exclusive lock on <c>dashboard.db.lock</c> beside the database,
/// held by the web app for as long as it runs. A restore takes it too, so it cannot replace the file under a running
/// app. The operating system drops the lock when the process ends, however it ends (even SIGKILL), so a crash never
/// leaves a stale lock behind.
/// </summary>
public sealed class DatabaseLock : IDisposable
{
    private readonly FileStream stream;

    private DatabaseLock(FileStream stream) => this.stream = stream;

    public static string PathFor(string databasePath) => databasePath + ".lock";

    /// <summary>The lock, or null when another process (or another app in this one) holds it.</summary>
    public static DatabaseLock? TryAcquire(string databasePath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        try
        {
            // FileShare.None is an exclusive lock (flock on Linux, a share mode on Windows).
            return new DatabaseLock(new FileStream(PathFor(databasePath), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => stream.Dispose();
}

/// <summary>The database is locked by another running app; the message says which file and what to do.</summary>
public sealed class DatabaseInUseException(string databasePath)
    : Exception($"数据库文件 {databasePath} 正被另一个正在运行的本程序使用。同一个数据库只能由一个程序打开；请先停止那个程序（锁文件 {DatabaseLock.PathFor(databasePath)}）。");
