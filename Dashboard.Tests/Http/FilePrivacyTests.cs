using System.IO.Compression;
using System.Net;
using System.Runtime.InteropServices;
using Dapper;
using Dashboard.Data;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Dashboard.Web.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Http;

/// <summary>
/// The data folder, the database, the keys, the logs and the backups are the service user's alone — whatever the
/// umask the app was started with, and whatever an older version left behind — and a backup carries nothing that
/// lets its reader sign in as someone else.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class FilePrivacyTests
{
    [Fact]
    public async Task EverythingInTheDataFolderIsPrivateToTheServiceUserWhateverTheUmask()
    {
        var folder = Directory.CreateTempSubdirectory("dashboard-privacy-").FullName;
        // As an older version (or `install -d` and an umask of 0) left it: open to everyone.
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_111_111);
        Directory.CreateDirectory(Path.Combine(folder, "logs"));
        await File.WriteAllTextAsync(Path.Combine(folder, "logs", "dashboard-20261101.json"), "{}");
        File.SetUnixFileMode(Path.Combine(folder, "logs", "dashboard-20261101.json"), (UnixFileMode)0b110_110_110);
        var previous = umask(0);
        try
        {
            await using var app = new DashboardApp(dataFolder: folder);
            await app.AddUserAsync("admin", Role.Admin, "correct-horse-7");
            using var client = app.CreateClient(new() { AllowAutoRedirect = false });
            Assert.Equal(HttpStatusCode.Redirect, (await Browsing.SignInAsync(client, "admin", "correct-horse-7")).StatusCode);
            var backup = await BackupTakenAtStartAsync(app);

            var entries = new DirectoryInfo(folder).EnumerateFileSystemInfos("*", SearchOption.AllDirectories).Prepend(new DirectoryInfo(folder)).ToList();
            Assert.Contains(entries, e => e.Name == "dashboard.db");
            Assert.Contains(entries, e => e.FullName.Contains("/keys/"));
            Assert.Contains(entries, e => e.FullName.Contains("/logs/") && e.Name != "dashboard-20261101.json");
            Assert.Contains(entries, e => e.FullName == backup);
            Assert.All(entries, e => Assert.True(
                e.UnixFileMode == (e is DirectoryInfo ? (UnixFileMode)0b111_000_000 : (UnixFileMode)0b110_000_000),
                $"{e.FullName} is {Convert.ToString((int)e.UnixFileMode, 8)}"));
            if (OtherUser.IsAvailable)
            {
                Assert.False(await OtherUser.CanReadAsync(backup), "another user could read the backup");
                Assert.False(await OtherUser.CanReadAsync(Path.Combine(folder, "dashboard.db")), "another user could read the database");
            }
        }
        finally
        {
            umask(previous);
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ABackupDoesNotHoldWhatMintsAnAdministratorsSession()
    {
        await using var app = new DashboardApp();
        await app.AddUserAsync("admin", Role.Admin, "correct-horse-7");
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });
        await Browsing.SignInAsync(client, "admin", "correct-horse-7");   // the app has made its sign-in keys
        var stolen = Directory.CreateTempSubdirectory("dashboard-stolen-").FullName;
        try
        {
            // `backup PATH` as an administrator runs it, with the default settings.
            var backup = Path.Combine(app.DataFolder, "by-hand.zip");
            Assert.Equal(0, await BackupCommandLine.RunAsync(["backup", backup], app.Services));

            // The attacker reads the backup: the users table, and whatever keys it holds.
            ZipFile.ExtractToDirectory(backup, stolen);
            var copy = new DashboardDb(Path.Combine(stolen, "dashboard.db"));
            var admin = (await new UserQueries(copy).GetUserAsync("admin"))!;
            await using var connection = await copy.OpenAsync();
            var session = await connection.QuerySingleAsync<Session>("SELECT id, user_id, created_at, expires_at, ended_at FROM sessions WHERE user_id = @Id AND ended_at IS NULL", new { admin.Id });
            var fromBackup = CookieMinter.Mint(Path.Combine(stolen, "keys"), admin, session);
            // The same attack with the live keys works: that is why the data folder is the service user's alone.
            var fromDataFolder = CookieMinter.Mint(Path.Combine(app.DataFolder, "keys"), admin, session);

            Assert.DoesNotContain(ZipFile.OpenRead(backup).Entries, e => e.FullName.StartsWith("keys/", StringComparison.Ordinal));
            Assert.Equal(HttpStatusCode.Redirect, (await AdminPageAsync(app, fromBackup)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await AdminPageAsync(app, fromDataFolder)).StatusCode);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(stolen, recursive: true);
        }
    }

    private static async Task<HttpResponseMessage> AdminPageAsync(DashboardApp app, string cookie)
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return await client.GetAsync("/admin/users");
    }

    /// <summary>The app takes a backup soon after its first start (none is in its folder yet).</summary>
    private static async Task<string> BackupTakenAtStartAsync(DashboardApp app)
    {
        var status = app.Services.GetRequiredService<BackupStatus>();
        var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        status.Changed += () =>
        {
            if (status.LastPath is { } path) done.TrySetResult(path);
            if (status.LastFailure is { } failure) done.TrySetException(new Exception(failure));
        };
        if (status.LastPath is { } already) done.TrySetResult(already);
        return await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint umask(uint mask);
}
