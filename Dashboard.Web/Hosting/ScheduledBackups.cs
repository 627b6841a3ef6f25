using Dashboard.Data;
using Dashboard.Data.Backups;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Hosting;

/// <summary>The daily backup (section "Backup"; docs/operations.md#backup-and-restore).</summary>
public sealed class BackupOptions
{
    public const string Section = "Backup";

    /// <summary>Take a backup every day while the app runs.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Where the daily backups go; relative to the data folder.</summary>
    public string Folder { get; set; } = "backups";

    /// <summary>Local time of day of the daily backup.</summary>
    public TimeOnly TimeOfDay { get; set; } = new(3, 0);

    /// <summary>How many backups to keep in the folder; older ones are deleted after a new one is written.</summary>
    public int Keep { get; set; } = 14;

    /// <summary>
    /// Put the sign-in keys into each backup too. Off by default: with the keys, anyone who reads a backup can sign in
    /// as anyone; without them, a backup restored on a new machine simply asks everyone to sign in again.
    /// </summary>
    public bool IncludeKeys { get; set; }
}

/// <summary>The outcome of the last scheduled backup, for <c>/healthz</c> and for anyone waiting on the next one.</summary>
public sealed class BackupStatus
{
    private readonly Lock gate = new();

    public DateTimeOffset? LastSuccess { get; private set; }
    public string? LastPath { get; private set; }
    public string? LastFailure { get; private set; }
    public DateTimeOffset? NextRun { get; private set; }

    /// <summary>Raised after every attempt, successful or not.</summary>
    public event Action? Changed;

    public void Succeeded(DateTimeOffset at, string path)
    {
        lock (gate) { LastSuccess = at; LastPath = path; LastFailure = null; }
        Changed?.Invoke();
    }

    public void Scheduled(DateTimeOffset at)
    {
        lock (gate) { NextRun = at; }
        Changed?.Invoke();
    }

    public void Failed(string message)
    {
        lock (gate) { LastFailure = message; }
        Changed?.Invoke();
    }
}

/// <summary>
/// Takes a backup (<see cref="Backup.CreateAsync"/>: SQLite's <c>VACUUM INTO</c> plus the sign-in keys) every day at
/// <see cref="BackupOptions.TimeOfDay"/>, and once soon after start when the folder holds none from the last day (a
/// machine that is off at night still gets its backup); keeps the newest <see cref="BackupOptions.Keep"/>.
/// </summary>
public sealed class ScheduledBackups(
    DashboardDb db, DataPaths paths, IOptions<BackupOptions> options, BackupStatus status, TimeProvider clock, ILogger<ScheduledBackups> logger)
    : BackgroundService
{
    /// <summary>A zip of the SQLite file, or pg_dump's custom-format file.</summary>
    private string Pattern => db.Engine == DatabaseEngine.Postgres ? "dashboard-*" + PostgresBackup.Extension : "dashboard-*.zip";

    public string Folder => Path.GetFullPath(options.Value.Folder, paths.DataFolder);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            logger.LogWarning("Scheduled backups are off (Backup:Enabled = false)");
            return;
        }
        try
        {
            var newest = NewestBackupTime();
            if (newest is { } at)
            {
                // The backups already in the folder count: /healthz names the last one after a restart too.
                status.Succeeded(new DateTimeOffset(at, clock.LocalTimeZone.GetUtcOffset(at)), NewestBackupPath()!);
            }
            if (newest is null || clock.GetLocalNow().DateTime - newest > TimeSpan.FromDays(1))
            {
                await RunOnceAsync(stoppingToken);
            }
            while (!stoppingToken.IsCancellationRequested)
            {
                var wait = UntilNext();
                var delay = Task.Delay(wait, clock, stoppingToken);
                status.Scheduled(clock.GetUtcNow() + wait);
                await delay;
                await RunOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private TimeSpan UntilNext()
    {
        var now = clock.GetLocalNow();
        var next = new DateTimeOffset(now.Date + options.Value.TimeOfDay.ToTimeSpan(), now.Offset);
        if (next <= now) next = next.AddDays(1);
        return next - now;
    }

    private async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            FilePrivacy.Secure(Folder);
            foreach (var partial in Directory.EnumerateFiles(Folder, "*.partial"))
            {
                File.Delete(partial); // left by a backup interrupted by a crash; never a complete backup
            }
            var keys = options.Value.IncludeKeys ? Path.Combine(paths.DataFolder, Backup.KeysFolder) : null;
            var path = db.Engine == DatabaseEngine.Postgres
                ? await PostgresBackup.CreateAsync(db, options.Value.IncludeKeys, Folder, clock, cancellationToken)
                : await Backup.CreateAsync(db, keys, Folder, clock, cancellationToken);
            var deleted = Prune();
            logger.LogInformation("Scheduled backup written to {Path}; {Deleted} older backups deleted, keeping {Keep}", path, deleted, options.Value.Keep);
            status.Succeeded(clock.GetUtcNow(), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            logger.LogError(e, "Scheduled backup into {Folder} failed", Folder);
            status.Failed($"定时备份失败（{clock.GetLocalNow():yyyy-MM-dd HH:mm}）：{e.Message}");
        }
    }

    private int Prune()
    {
        var old = Directory.EnumerateFiles(Folder, Pattern).Order(StringComparer.Ordinal).Reverse().Skip(Math.Max(1, options.Value.Keep)).ToList();
        foreach (var file in old)
        {
            File.Delete(file);
        }
        return old.Count;
    }

    /// <summary>The local time in the newest backup's name (dashboard-YYYYMMDD-HHMMSS.zip), as Backup names them.</summary>
    private DateTime? NewestBackupTime() => NewestBackupPath() is { } path ? TimeOf(path) : null;

    private string? NewestBackupPath() =>
        !Directory.Exists(Folder) ? null : Directory.EnumerateFiles(Folder, Pattern).Where(f => TimeOf(f) is not null).MaxBy(TimeOf);

    private static DateTime? TimeOf(string path) =>
        DateTime.TryParseExact(Path.GetFileNameWithoutExtension(path)["dashboard-".Length..], "yyyyMMdd-HHmmss",
            System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var at) ? at : null;
}
