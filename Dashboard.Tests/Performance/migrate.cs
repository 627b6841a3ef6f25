#:project ../../Dashboard.Data/Dashboard.Data.csproj
#:property ManagePackageVersionsCentrally=false
#:property TreatWarningsAsErrors=false
#:property PublishAot=false

// Time of `migrate --to` (CopyToPostgres: copy + per-table count and checksum) for a street with years of editing:
// the seed plus N history rows (default 300,000; budget: ≤ 60 s) into an empty PostgreSQL database.
// Usage: dotnet run Dashboard.Tests/Performance/migrate.cs "Host=…;Database=<empty database>" [rows]
// (measure-postgres.sh starts a throwaway cluster and creates the database.)
using System.Diagnostics;
using Dapper;
using Dashboard.Data;
using Dashboard.Data.Schema;
using Dashboard.Data.Seeding;

var target = args[0];
var historyRows = args.Length > 1 ? int.Parse(args[1]) : 300_000;
var repository = Path.GetFullPath(Path.Combine((string)AppContext.GetData("EntryPointFileDirectoryPath")!, "../.."));
var folder = Directory.CreateTempSubdirectory("dashboard-migrate-").FullName;
try
{
    var source = new DashboardDb(Path.Combine(folder, "dashboard.db"));
    await SchemaMigrator.MigrateAsync(source);
    await new Seeder(source, TimeProvider.System).SeedAsync(SeedData.Load(Path.Combine(repository, "seed-data")));
    await using (var connection = await source.OpenAsync())
    {
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @historyRows)
            INSERT INTO figure_history (figure_id, organization_id, indicator_id, year, action, old_value, new_value, version, changed_at, changed_by, reason)
            SELECT f.id, f.organization_id, f.indicator_id, f.year, 'Update', i, i + 1, 1, '2020-01-01 00:00:00+00:00', 'history', '核对上报数据，更正统计口径' || i
            FROM n JOIN figures f ON f.id = 1 + i % (SELECT count(*) FROM figures)
            """, new { historyRows }, transaction);
        await transaction.CommitAsync();
    }
    Console.WriteLine($"source: {new FileInfo(source.DatabasePath).Length / 1048576.0:0.0} MB SQLite, {historyRows:N0} history rows");

    await using var postgres = DashboardDb.FromConnectionString(target, folder);
    var clock = Stopwatch.StartNew();
    var checks = await CopyToPostgres.CopyAsync(source, null, postgres);
    clock.Stop();
    Console.WriteLine($"migrate --to: {checks.Sum(c => c.TargetRows):N0} rows in {checks.Count} tables copied and verified in {clock.Elapsed.TotalSeconds:0.0} s " +
                      $"({(checks.All(c => c.Matches) ? "all tables match" : "MISMATCH: " + string.Join(", ", checks.Where(c => !c.Matches).Select(c => c.Table)))})");
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(folder, recursive: true);
}
