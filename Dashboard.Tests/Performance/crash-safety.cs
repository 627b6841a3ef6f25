#:project ../../Dashboard.Data/Dashboard.Data.csproj
#:property ManagePackageVersionsCentrally=false
#:property TreatWarningsAsErrors=false
#:property PublishAot=false

// Crash safety (docs/measuring.md#crash-safetycs): a writer process saves figures through FigureCommands — four at a
// time, as four editors would — and records each save the moment SaveAsync returns (acknowledged). The process is killed with
// SIGKILL at a random moment, then the database is opened again and checked: PRAGMA integrity_check is ok, and every
// acknowledged save is there (its figure at that value or later, and its history row). Repeated for N rounds over
// the same database file. Usage: dotnet run crash-safety.cs [rounds=100] [max-ms-before-kill=1500] [postgres-connection-string]
// With a PostgreSQL connection string (an empty database; measure-postgres.sh) the same runs against PostgreSQL, and when
// PG_RESTART is set (a shell command: measure-postgres.sh gives `pg_ctl restart -m immediate`, a crash of the database
// server: no checkpoint, WAL replayed at start) the server is crashed and restarted after every kill too.
using System.Diagnostics;
using Dapper;
using Dashboard.Data;
using Dashboard.Data.Figures;
using Dashboard.Data.Schema;
using Dashboard.Data.Seeding;
using Dashboard.Data.Users;
using Microsoft.Data.Sqlite;

const int Writers = 4;

if (args is ["writer", var writerDb, var writerAcks])
{
    await WriteUntilKilledAsync(writerDb, writerAcks);
    return 0;
}

var rounds = args.Length > 0 ? int.Parse(args[0]) : 100;
var maxDelay = args.Length > 1 ? int.Parse(args[1]) : 1500;
var postgres = args.Length > 2 ? args[2] : null;
var restart = Environment.GetEnvironmentVariable("PG_RESTART");
var repository = Path.GetFullPath(Path.Combine((string)AppContext.GetData("EntryPointFileDirectoryPath")!, "../.."));
var folder = Directory.CreateTempSubdirectory("dashboard-crash-").FullName;
// The writer's argument: the SQLite file, or the PostgreSQL connection string.
var databasePath = postgres ?? Path.Combine(folder, "dashboard.db");
var db = Open(databasePath);
await SchemaMigrator.MigrateAsync(db);
await new Seeder(db, TimeProvider.System).SeedAsync(SeedData.Load(Path.Combine(repository, "seed-data")));
SqliteConnection.ClearAllPools();

var random = new Random();
var acknowledged = 0L;
var committedBefore = 0L;
var lost = 0;
var killedMidWrite = 0;
var started = Stopwatch.StartNew();
for (var round = 1; round <= rounds; round++)
{
    var ackPath = Path.Combine(folder, $"acks-{round}.txt");
    using var writer = Process.Start(new ProcessStartInfo(Environment.ProcessPath!, ["writer", databasePath, ackPath])
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    })!;
    // Kill at a random moment once the writer is saving: it says so after its first acknowledgement is written.
    if (await writer.StandardOutput.ReadLineAsync() != "saving")
    {
        throw new Exception("writer exited: " + await writer.StandardError.ReadToEndAsync());
    }
    await Task.Delay(random.Next(0, maxDelay)); // the random moment of the crash is the point of the proof
    writer.Kill(); // SIGKILL: no finally blocks, no flush, no checkpoint
    await writer.WaitForExitAsync();

    // After the crash: the file is intact and every acknowledged save is in it.
    var acks = File.ReadAllLines(ackPath).Where(l => l.EndsWith(';')).Select(l => l.TrimEnd(';').Split(',')).Select(p => (Indicator: long.Parse(p[0]), Value: decimal.Parse(p[1]), Version: long.Parse(p[2]))).ToList();
    if (postgres is not null && restart is not null)
    {
        // The database server crashes too (its data directory's WAL is all it keeps), and comes back.
        using var crash = Process.Start("bash", ["-c", restart])!;
        await crash.WaitForExitAsync();
        if (crash.ExitCode != 0) throw new Exception($"round {round}: PG_RESTART failed ({crash.ExitCode})");
    }
    await using (var connection = postgres is null
                     ? (System.Data.Common.DbConnection)new SqliteConnection($"Data Source={databasePath};Pooling=False")
                     : new Npgsql.NpgsqlConnection(postgres + ";Pooling=False"))
    {
        await connection.OpenAsync();
        if (postgres is null)
        {
            var check = await connection.QuerySingleAsync<string>("PRAGMA integrity_check");
            if (check != "ok") throw new Exception($"round {round}: integrity_check: {check}");
        }
        foreach (var ack in acks)
        {
            var present = await connection.QuerySingleAsync<long>(
                "SELECT count(*) FROM figure_history WHERE indicator_id = @Indicator AND new_value = @Value AND version = @Version AND reason = 'crash-safety'",
                new { ack.Indicator, Value = (double)ack.Value, ack.Version });
            var current = await connection.QuerySingleAsync<long>(
                "SELECT version FROM figures WHERE indicator_id = @Indicator AND year = 2024", new { ack.Indicator });
            if (present != 1 || current < ack.Version) lost++;
        }
        // A save committed but not yet acknowledged (killed between the two) is fine: more, never less.
        var committed = await connection.QuerySingleAsync<long>("SELECT count(*) FROM figure_history WHERE reason = 'crash-safety'");
        if (committed - committedBefore > acks.Count) killedMidWrite++;
        committedBefore = committed;
    }
    acknowledged += acks.Count;
    if (round % 10 == 0 || round == rounds)
    {
        Console.WriteLine($"round {round}/{rounds}: {acknowledged} acknowledged saves so far, {lost} lost{(postgres is null ? ", integrity ok" : "")} ({started.Elapsed.TotalSeconds:0} s)");
    }
}
Console.WriteLine($"crash safety ({(postgres is null ? "SQLite" : restart is null ? "PostgreSQL" : "PostgreSQL, the database server crashed and restarted each round")}): " +
                  $"{rounds} SIGKILL rounds, {acknowledged} acknowledged saves, {lost} lost" +
                  $"{(postgres is null ? ", integrity_check ok after every kill" : "")}; {killedMidWrite} kills landed between a commit and its acknowledgement");
SqliteConnection.ClearAllPools();
Directory.Delete(folder, recursive: true);
return lost == 0 ? 0 : 1;

// The writer: four editors saving their own figure over and over; a line per acknowledged save, flushed to the
// kernel at once (it survives the process being killed; a power cut is another matter, and synchronous=FULL covers
// the database side of that).
static DashboardDb Open(string database) =>
    database.Contains("Host=", StringComparison.Ordinal) ? DashboardDb.FromConnectionString(database, ".") : new DashboardDb(database);

static async Task WriteUntilKilledAsync(string databasePath, string ackPath)
{
    var db = Open(databasePath);
    var commands = new FigureCommands(db, TimeProvider.System);
    var figures = (await new FigureQueries(db).GetFiguresAsync(1, 2024, Reader.System("测量"))).Take(Writers).ToList();
    await using var acks = new StreamWriter(ackPath) { AutoFlush = true };
    var gate = new SemaphoreSlim(1);
    var announced = 0;
    await Task.WhenAll(figures.Select(async figure =>
    {
        var editor = Actor.System($"crash-safety-{figure.IndicatorId}");
        var version = figure.Version;
        for (var i = 1; ; i++)
        {
            var value = 10_000 + (version + 1) % 1_000_000;
            var result = await commands.SaveAsync(new FigureSave
            {
                OrganizationId = figure.OrganizationId, IndicatorId = figure.IndicatorId, Year = 2024, Value = value,
                Qualifier = Qualifier.Exact, Status = figure.Status, SourceText = figure.SourceText, Note = figure.Note,
                ExpectedVersion = version, Reason = "crash-safety",
            }, editor);
            if (!result.Succeeded) throw new Exception($"save refused: {result.Conflicts.Count} conflicts, {result.Problems.Count} problems");
            version = result.Saved[0].Version;
            await gate.WaitAsync();
            // The trailing ';' marks a complete line: a kill in the middle of writing it leaves no valid record.
            await acks.WriteLineAsync($"{figure.IndicatorId},{value},{version};");
            if (Interlocked.Exchange(ref announced, 1) == 0) Console.WriteLine("saving");
            gate.Release();
        }
    }));
}
