using System.Diagnostics;
using System.Text.RegularExpressions;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Http;

/// <summary>
/// The published app started from another folder than its own (a home directory, a shortcut, a scheduled task): it
/// serves its scripts and styles — it once served every one as an empty file and never became interactive — and keeps
/// its data beside the program, not where it was started.
/// </summary>
public sealed partial class StartedElsewhereTests
{
    [Fact]
    public async Task ThePublishedAppStartedFromAnotherFolderServesItsAssetsAndKeepsItsDataBesideItself()
    {
        var published = Directory.CreateTempSubdirectory("dashboard-published-").FullName;
        var elsewhere = Directory.CreateTempSubdirectory("dashboard-elsewhere-").FullName;
        try
        {
            await PublishAsync(published);
            await using var app = new AppProcess(program: published, workingDirectory: elsewhere, environment: "Production", ownDataFolder: false);
            await app.StartAsync();

            using var http = new HttpClient { BaseAddress = new Uri(app.BaseAddress) };
            var page = await http.GetStringAsync("/");
            var assets = Asset().Matches(page).Select(m => m.Groups[1].Value).ToList();
            var sizes = new Dictionary<string, long>();
            foreach (var asset in assets) sizes[asset] = (await http.GetByteArrayAsync("/" + asset)).LongLength;

            Assert.Contains(assets, a => a.EndsWith(".css", StringComparison.Ordinal));
            Assert.Contains(assets, a => a.Contains("blazor.web", StringComparison.Ordinal));
            Assert.All(sizes, size => Assert.True(size.Value > 0, $"{size.Key} is empty"));
            Assert.True(File.Exists(Path.Combine(published, "data", "dashboard.db")), "no database beside the program");
            Assert.False(Directory.Exists(Path.Combine(elsewhere, "data")), "a data folder where the app was started");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(published, recursive: true);
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    /// <summary>The app as <c>dotnet publish</c> lays it out, from the build the tests run on.</summary>
    private static async Task PublishAsync(string output)
    {
        var project = Path.Combine(RepositoryRoot(), "Dashboard.Web", "Dashboard.Web.csproj");
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;   // bin/<Configuration>/net10.0
        using var publish = Process.Start(new ProcessStartInfo("dotnet", ["publish", project, "-c", configuration, "--no-build", "-o", output, "--nologo"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var printed = publish.StandardOutput.ReadToEndAsync();
        var error = publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        Assert.True(publish.ExitCode == 0, await printed + await error);
    }

    [GeneratedRegex("""(?:href|src)="([^"]+\.(?:css|js))"[^>]*>""")]
    private static partial Regex Asset();

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Dashboard.sln"))) folder = folder.Parent;
        return folder!.FullName;
    }
}
