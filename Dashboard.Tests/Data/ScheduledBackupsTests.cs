using Dashboard.Data.Backups;
using Dashboard.Tests.Support;
using Dashboard.Web.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Data;

public sealed class ScheduledBackupsTests
{
    [Fact]
    public async Task ABackupAtStartWhenNoneIsRecentThenOneEveryDayAtTheSetTimeKeepingTheNewest()
    {
        await using var database = await TempDatabase.CreateSeededAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        var status = new BackupStatus();
        var options = Options.Create(new BackupOptions { Keep = 2, TimeOfDay = new TimeOnly(3, 0) });
        var paths = new DataPaths(database.Folder, database.Db.DatabasePath, SeedFolder.Path);
        using var service = new ScheduledBackups(database.Db, paths, options, status, clock, NullLogger<ScheduledBackups>.Instance);
        var folder = Path.Combine(database.Folder, "backups");

        var firstScheduled = NextRunAsync(status, new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero));
        await service.StartAsync(CancellationToken.None);
        await firstScheduled;
        Assert.Equal(["dashboard-20261126-100000.zip"], Names(folder));

        for (var day = 28; day <= 29; day++)
        {
            var scheduled = NextRunAsync(status, new DateTimeOffset(2026, 11, day, 3, 0, 0, TimeSpan.Zero));
            clock.Advance(status.NextRun!.Value - clock.GetUtcNow());
            await scheduled;
        }

        // Three days' backups taken (start, 27th and 28th at 03:00); the oldest deleted to keep two.
        Assert.Equal(["dashboard-20261127-030000.zip", "dashboard-20261128-030000.zip"], Names(folder));
        Assert.Null(status.LastFailure);
        await Backup.CheckAsync(await ExtractDatabaseAsync(Path.Combine(folder, "dashboard-20261128-030000.zip"), database.Folder));
        await service.StopAsync(CancellationToken.None);
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task NoBackupAtStartWhenTheLastIsLessThanADayOldAndThatOneCountsAsTheLast()
    {
        await using var database = await TempDatabase.CreateSeededAsync();
        var folder = Directory.CreateDirectory(Path.Combine(database.Folder, "backups")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "dashboard-20261126-030000.zip"), "earlier");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        var status = new BackupStatus();
        var paths = new DataPaths(database.Folder, database.Db.DatabasePath, SeedFolder.Path);
        using var service = new ScheduledBackups(database.Db, paths, Options.Create(new BackupOptions()), status, clock, NullLogger<ScheduledBackups>.Instance);

        var scheduled = NextRunAsync(status, new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero));
        await service.StartAsync(CancellationToken.None);
        await scheduled;

        Assert.Equal(["dashboard-20261126-030000.zip"], Names(folder));
        // /healthz names it after a restart, not "no backup yet".
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero), status.LastSuccess);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task AFailedBackupIsReportedByHealthInPlainWords()
    {
        await using var database = await TempDatabase.CreateSeededAsync();
        // The backup folder cannot be created: a file is in its place.
        await File.WriteAllTextAsync(Path.Combine(database.Folder, "not-a-folder"), "");
        // On Kestrel: /healthz says what is wrong to a caller on the same machine (monitoring), not to anyone.
        await using var app = new DashboardApp(dataFolder: database.Folder, kestrel: true, settings: new Dictionary<string, string> { ["Backup:Folder"] = "not-a-folder/backups" });
        app.StartServer();
        using var client = new HttpClient { BaseAddress = new Uri(app.BaseAddress) };
        var status = app.Services.GetRequiredService<BackupStatus>();
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        status.Changed += () => { if (status.LastFailure is not null) failed.TrySetResult(); };
        if (status.LastFailure is not null) failed.TrySetResult();
        await failed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var response = await client.GetAsync("/healthz");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("定时备份失败", body);
    }

    private static Task NextRunAsync(BackupStatus status, DateTimeOffset expected)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        status.Changed += () =>
        {
            if (status.NextRun == expected) reached.TrySetResult();
            if (status.LastFailure is { } failure) reached.TrySetException(new Exception(failure));
        };
        return reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static string[] Names(string folder) =>
        [.. Directory.GetFiles(folder).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal)];

    private static async Task<string> ExtractDatabaseAsync(string zip, string folder)
    {
        var path = Path.Combine(folder, "extracted.db");
        using var archive = System.IO.Compression.ZipFile.OpenRead(zip);
        await using var entry = archive.GetEntry(Backup.DatabaseEntry)!.Open();
        await using var file = File.Create(path);
        await entry.CopyToAsync(file);
        return path;
    }
}
