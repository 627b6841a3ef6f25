using System.Runtime.InteropServices;

namespace Dashboard.Web.Hosting;

/// <summary>
/// Files that hold data, keys, logs or backups are private to the service user: a copy of the database or of a
/// backup holds password hashes, and the sign-in keys mint anyone's session. On Linux and macOS the process creates
/// every file 0600 and every folder 0700 whatever umask it was started with, and at start-up the data folder and
/// what is already in it (from an older version, or copied in by hand) are made so too. On Windows the data folder
/// inherits the ACL of its parent (docs/operations.md#files-are-private).
/// </summary>
public static class FilePrivacy
{
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>From now on this process creates files 0600 and folders 0700 (umask 077). Call before anything writes.</summary>
    public static void RestrictNewFiles()
    {
        if (!OperatingSystem.IsWindows())
        {
            umask(0b000_111_111);
        }
    }

    /// <summary>Creates <paramref name="folder"/> if needed and makes it, and everything in it, private to this user.</summary>
    public static void Secure(string folder)
    {
        Directory.CreateDirectory(folder);
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        File.SetUnixFileMode(folder, PrivateFolder);
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            if (entry.LinkTarget is not null) continue;   // a link's target is not ours to change
            entry.UnixFileMode = entry is DirectoryInfo ? PrivateFolder : PrivateFile;
        }
    }

    /// <summary>The data folder, and the database with its -wal, -shm and lock files wherever the connection string puts it.</summary>
    public static void Secure(DataPaths paths)
    {
        Secure(paths.DataFolder);
        foreach (var file in new[] { "", "-wal", "-shm", ".lock" }.Select(suffix => paths.DatabasePath + suffix))
        {
            if (!OperatingSystem.IsWindows() && File.Exists(file))
            {
                File.SetUnixFileMode(file, PrivateFile);
            }
        }
    }

    [DllImport("libc", EntryPoint = "umask")]
    private static extern uint umask(uint mask);
}
