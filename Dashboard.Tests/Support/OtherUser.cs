using System.Diagnostics;

namespace Dashboard.Tests.Support;

/// <summary>Another account on this machine (nobody), for attacks that only need to read a file.</summary>
public static class OtherUser
{
    /// <summary>Whether this process may act as another user (it runs as root, as CI does).</summary>
    public static bool IsAvailable => Environment.UserName == "root" && File.Exists("/usr/bin/setpriv");

    /// <summary>Whether the user nobody can read <paramref name="path"/> (cat as uid/gid 65534, no groups).</summary>
    public static async Task<bool> CanReadAsync(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "cat", path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0;
    }
}
