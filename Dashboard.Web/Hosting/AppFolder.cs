namespace Dashboard.Web.Hosting;

/// <summary>
/// Which folder the app runs in: its content root, where its wwwroot and appsettings.json are and where the data folder
/// goes by default. ASP.NET Core takes the working directory; started from another folder
/// (<c>/opt/dashboard/Dashboard.Web</c> from a home directory, a shortcut, a scheduled task) the published app then
/// served every script and style as an empty file, never became interactive, and made its data folder where it was
/// started. So the app's own folder is the content root unless the working directory is an app folder itself
/// (<c>dotnet run</c> in Dashboard.Web/, a service's WorkingDirectory) or the command line names one.
/// </summary>
public static class AppFolder
{
    /// <param name="args">The command line, to which <c>--contentRoot</c> is added when needed.</param>
    public static string[] WithContentRoot(string[] args, string workingDirectory, string programDirectory)
    {
        var named = args.Any(a => a.TrimStart('-', '/').StartsWith("contentRoot", StringComparison.OrdinalIgnoreCase))
                    || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"));
        var appHere = File.Exists(Path.Combine(workingDirectory, "appsettings.json"));
        var appThere = File.Exists(Path.Combine(programDirectory, "appsettings.json"));
        return named || appHere || !appThere ? args : [.. args, "--contentRoot", programDirectory];
    }
}
