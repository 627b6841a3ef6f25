#:project ../../Dashboard.Data/Dashboard.Data.csproj
#:property ManagePackageVersionsCentrally=false
#:property TreatWarningsAsErrors=false
#:property PublishAot=false

// Backup under load (docs/measuring.md#backup-under-loadcs): a database grown to years of history (figure_history
// rows), an editor saving figures without pause, and backups taken meanwhile (Backup.CreateAsync: VACUUM INTO,
// integrity check, zip).
// Reports how long each save took while a backup ran (budget: none blocked over 100 ms), and checks every backup:
// intact, and holding every save acknowledged before it started.
// Usage: dotnet run backup-under-load.cs [history-rows=300000] [backups=5]
using System.Diagnostics;
using System.IO.Compression;
using Dapper;
using Dashboard.Data;
using Dashboard.Data.Backups;
using Dashboard.Data.Figures;
using Dashboard.Data.Schema;
using Dashboard.Data.Seeding;
using Dashboard.Data.Users;
using Microsoft.Data.Sqlite;

var historyRows = args.Length > 0 ? int.Parse(args[0]) : 300_000;
var backups = args.Length > 1 ? int.Parse(args[1]) : 5;
var repository = Path.GetFullPath(Path.Combine((string)AppContext.GetData("EntryPointFileDirectoryPath")!, "../.."));
var folder = Directory.CreateTempSubdirectory("dashboard-backup-load-").FullName;
try
{
    var db = new DashboardDb(Path.Combine(folder, "dashboard.db"));
    await SchemaMigrator.MigrateAsync(db);
    await new Seeder(db, TimeProvider.System).SeedAsync(SeedData.Load(Path.Combine(repository, "seed-data")));
    await using (var connection = await db.OpenAsync())
    {
        // Years of editing: history rows with reasons, as a busy office would accumulate.
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @historyRows)
            INSERT INTO figure_history (figure_id, organization_id, indicator_id, year, action, old_value, new_value, version, changed_at, changed_by, reason)
            SELECT f.id, f.organization_id, f.indicator_id, f.year, 'Update', i, i + 1, 1, '2020-01-01T00:00:00+00:00', 'history', '核对上报数据，更正统计口径' || i
            FROM n JOIN figures f ON f.id = 1 + i % (SELECT count(*) FROM figures)
            """, new { historyRows }, transaction);
        await transaction.CommitAsync();
    }
    Console.WriteLine($"database: {new FileInfo(db.DatabasePath).Length / 1048576.0:0.0} MB ({historyRows} history rows)");

    var commands = new FigureCommands(db, TimeProvider.System);
    var figure = (await new FigureQueries(db).GetFiguresAsync(1, 2024, Reader.System("测量"))).First();
    var version = figure.Version;
    var acknowledged = 0L;
    var backupRunning = 0;
    var during = new List<double>();
    var outside = new List<double>();
    using var stop = new CancellationTokenSource();
    var writer = Task.Run(async () =>
    {
        for (var i = 1; !stop.IsCancellationRequested; i++)
        {
            var running = Volatile.Read(ref backupRunning) == 1;
            var clock = Stopwatch.StartNew();
            var result = await commands.SaveAsync(new FigureSave
            {
                OrganizationId = figure.OrganizationId, IndicatorId = figure.IndicatorId, Year = 2024, Value = 10_000 + i, Qualifier = Qualifier.Exact,
                Status = figure.Status, SourceText = figure.SourceText, Note = figure.Note, ExpectedVersion = version, Reason = "备份压力测试",
            }, Actor.System("backup-load"));
            var elapsed = clock.Elapsed.TotalMilliseconds;
            version = result.Saved[0].Version;
            Volatile.Write(ref acknowledged, 10_000 + i);
            (running || Volatile.Read(ref backupRunning) == 1 ? during : outside).Add(elapsed);
        }
    });

    var backupTimes = new List<double>();
    for (var b = 0; b < backups; b++)
    {
        await Task.Delay(500); // saves between backups, for the comparison
        var before = Volatile.Read(ref acknowledged);
        Volatile.Write(ref backupRunning, 1);
        var clock = Stopwatch.StartNew();
        var zip = await Backup.CreateAsync(db, Path.Combine(folder, "keys"), Path.Combine(folder, $"backup-{b}.zip"), TimeProvider.System);
        backupTimes.Add(clock.Elapsed.TotalMilliseconds);
        Volatile.Write(ref backupRunning, 0);

        // Restorable and complete: intact, and every save acknowledged before the backup began is in it.
        var copy = Path.Combine(folder, $"restored-{b}.db");
        using (var archive = ZipFile.OpenRead(zip)) archive.GetEntry(Backup.DatabaseEntry)!.ExtractToFile(copy);
        await Backup.CheckAsync(copy);
        await using var check = new SqliteConnection($"Data Source={copy};Mode=ReadOnly;Pooling=False");
        var value = await check.QuerySingleAsync<double>("SELECT value FROM figures WHERE id = @Id", new { figure.Id });
        var rows = await check.QuerySingleAsync<long>("SELECT count(*) FROM figure_history");
        if (value < before) throw new Exception($"backup {b} holds {value}, but {before} was acknowledged before it began");
        Console.WriteLine($"backup {b + 1}: {backupTimes[^1]:0} ms, {new FileInfo(zip).Length / 1048576.0:0.0} MB zipped, {rows} history rows, " +
                          $"holds save {value:0} (acknowledged before it began: {before}) — intact");
    }
    await stop.CancelAsync();
    await writer;

    during.Sort();
    outside.Sort();
    double Q(List<double> list, double p) => list[Math.Min(list.Count - 1, (int)Math.Ceiling(list.Count * p / 100) - 1)];
    Console.WriteLine($"saves while a backup ran: {during.Count}, p50 {Q(during, 50):0.0} ms, p99 {Q(during, 99):0.0} ms, max {during[^1]:0.0} ms " +
                      $"(budget: none over 100 ms) — {(during[^1] <= 100 ? "met" : "NOT met")}");
    Console.WriteLine($"saves with no backup running: {outside.Count}, p50 {Q(outside, 50):0.0} ms, p99 {Q(outside, 99):0.0} ms, max {outside[^1]:0.0} ms");
    return during[^1] <= 100 ? 0 : 1;
}
finally
{
    SqliteConnection.ClearAllPools();
    Directory.Delete(folder, recursive: true);
}
