#:project ../../Dashboard.Data/Dashboard.Data.csproj
#:property ManagePackageVersionsCentrally=false
#:property TreatWarningsAsErrors=false
#:property PublishAot=false

// Time to save one figure with its history row (one transaction, synchronous=FULL, WAL) on a real SQLite file, or on
// PostgreSQL when a connection string to an empty database is given (its own transaction and write lock, fsync on).
// Budgets (docs/measuring.md#budgets): SQLite p99 <= 5 ms, PostgreSQL p99 <= 10 ms.
// Usage: dotnet run Dashboard.Tests/Performance/save-figure.cs [saves] ["Host=…;Database=<empty database>"]
using System.Diagnostics;
using Dapper;
using Dashboard.Data;
using Dashboard.Data.Figures;
using Dashboard.Data.Schema;
using Dashboard.Data.Users;

var saves = args.Length > 0 ? int.Parse(args[0]) : 2000;
var folder = Directory.CreateTempSubdirectory("dashboard-save-").FullName;
try
{
    await using var db = args.Length > 1
        ? DashboardDb.FromConnectionString(args[1], folder)
        : new DashboardDb(Path.Combine(folder, "dashboard.db"));
    Console.WriteLine($"database: {db.Description}");
    await SchemaMigrator.MigrateAsync(db);
    long organization, indicator;
    await using (var connection = await db.OpenAsync())
    {
        organization = await connection.ExecuteScalarAsync<long>("INSERT INTO organizations (code, name, kind) VALUES ('o', '测试街道', '街道') RETURNING id");
        var category = await connection.ExecuteScalarAsync<long>("INSERT INTO categories (code, name, name_en, display_order) VALUES ('c', '分类', 'c', 1) RETURNING id");
        indicator = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO indicators (code, category_id, name, name_en, unit, kind, direction, display_order)
            VALUES ('i', @category, '指标', 'i', '件', 'Count', 'Neutral', 1) RETURNING id
            """, new { category });
    }

    var commands = new FigureCommands(db, TimeProvider.System);
    var editor = Actor.System("benchmark");
    long? version = null;
    var times = new List<double>(saves);
    for (var i = 0; i < saves + 200; i++)
    {
        var clock = Stopwatch.StartNew();
        var result = await commands.SaveAsync(new FigureSave
        {
            OrganizationId = organization, IndicatorId = indicator, Year = 2024, Value = i, Qualifier = Qualifier.Exact,
            Status = FigureStatus.Provisional, ExpectedVersion = version,
        }, editor);
        clock.Stop();
        version = result.Saved[0].Version;
        if (i >= 200) times.Add(clock.Elapsed.TotalMilliseconds); // the first 200 warm up
    }

    times.Sort();
    double P(double p) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * p / 100) - 1)];
    Console.WriteLine($"save one figure + history row, {saves} saves after warm-up: p50 {P(50):0.00} ms, p95 {P(95):0.00} ms, p99 {P(99):0.00} ms, max {times[^1]:0.00} ms");
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(folder, recursive: true);
}
