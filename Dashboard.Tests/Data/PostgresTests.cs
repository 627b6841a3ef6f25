using Dapper;
using Dashboard.Data;
using Dashboard.Data.Backups;
using Dashboard.Data.Figures;
using Dashboard.Data.Schema;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using static Dashboard.Tests.Support.Actors;

namespace Dashboard.Tests.Data;

/// <summary>
/// What only PostgreSQL has: its migrations, writers on several servers at once, the copy from SQLite (migrate --to)
/// and pg_dump backups. Everything both engines share runs in the two-engine classes (their OnPostgres halves).
/// </summary>
public sealed class PostgresTests : IOnPostgres
{
    [EngineFact]
    public void BothEnginesEndAtTheSameSchemaVersion()
    {
        Assert.Equal(SchemaMigrator.LatestVersion, SchemaMigrator.For(DatabaseEngine.Postgres)[^1].Version);
        Assert.Equal(9, SchemaMigrator.For(DatabaseEngine.Postgres)[0].Version);
    }

    [EngineFact]
    public async Task SeveralServersStartingAtOnceMigrateOnceAndAllFindTheSchema()
    {
        await using var database = TempDatabase.CreateEmpty(DatabaseEngine.Postgres);
        var servers = Enumerable.Range(0, 4).Select(_ => DashboardDb.FromConnectionString(database.Postgres!, database.Folder)).ToList();

        await Task.WhenAll(servers.Select(db => SchemaMigrator.MigrateAsync(db)));

        await using var connection = await database.Db.OpenAsync();
        // Each migration recorded once: no server applied one a second time.
        Assert.Equal(SchemaMigrator.For(DatabaseEngine.Postgres).Select(m => (long)m.Version), await connection.QueryAsync<long>("SELECT version FROM schema_version ORDER BY version"));
        foreach (var db in servers) await db.DisposeAsync();
    }

    [EngineFact]
    public async Task TwoServersSavingTheSameFigureFromTheSameVersionGiveOneSaveAndOneConflict()
    {
        await using var database = await TempDatabase.CreateMigratedAsync(DatabaseEngine.Postgres);
        var organization = await CatalogBuilder.AddOrganizationAsync(database.Db);
        var indicator = await CatalogBuilder.AddIndicatorAsync(database.Db, "petitions");
        await using var other = DashboardDb.FromConnectionString(database.Postgres!, database.Folder);
        var first = new FigureCommands(database.Db, TimeProvider.System);
        var second = new FigureCommands(other, TimeProvider.System);
        FigureSave Save(decimal value) => new()
        {
            OrganizationId = organization, IndicatorId = indicator, Year = 2024, Value = value,
            Qualifier = Qualifier.Exact, Status = FigureStatus.Published, ExpectedVersion = null, Reason = "核对台账",
        };

        for (var round = 0; round < 20; round++)
        {
            var current = (await new FigureQueries(database.Db).GetFiguresAsync(organization, 2024, Reader.System("测试"))).SingleOrDefault();
            var results = await Task.WhenAll(
                first.SaveAsync(Save(100 + round) with { ExpectedVersion = current?.Version }, Writer("甲")),
                second.SaveAsync(Save(200 + round) with { ExpectedVersion = current?.Version }, Writer("乙")));

            Assert.Equal(1, results.Count(r => r.Saved.Count == 1));
            Assert.Equal(1, results.Count(r => r.Conflicts.Count == 1));
        }
        await using var connection = await database.Db.OpenAsync();
        Assert.Equal(20, await connection.QuerySingleAsync<long>("SELECT count(*) FROM figure_history"));
        Assert.Equal(20, await connection.QuerySingleAsync<long>("SELECT version FROM figures"));
    }

    [EngineFact]
    public async Task MigrateCopiesEveryTableAndKeyAndTheCopyKeepsWorking()
    {
        await using var sqlite = await TempDatabase.CreateSeededAsync();
        var figures = new FigureCommands(sqlite.Db, TimeProvider.System);
        var figure = (await new FigureQueries(sqlite.Db).GetFiguresAsync(1, 2024, Reader.System("测试")))[0];
        await figures.SaveAsync(new FigureSave
        {
            OrganizationId = figure.OrganizationId, IndicatorId = figure.IndicatorId, Year = 2024, Value = figure.Value + 1,
            Qualifier = Qualifier.MoreThan, Status = figure.Status, SourceText = "约“一千”件\t换行\n", ExpectedVersion = figure.Version, Reason = "更正",
        }, Writer("李四"));
        await SignInAsync(sqlite.Db, "王五", Dashboard.Data.Users.Role.Editor);
        var keys = Directory.CreateDirectory(Path.Combine(sqlite.Folder, "keys"));
        await File.WriteAllTextAsync(Path.Combine(keys.FullName, "key-0f8e.xml"), "<key id=\"0f8e\"><secret>x</secret></key>");
        await using var postgres = await TempDatabase.CreateMigratedAsync(DatabaseEngine.Postgres);

        var checks = await CopyToPostgres.CopyAsync(sqlite.Db, keys.FullName, postgres.Db);

        Assert.All(checks, check => Assert.True(check.Matches, $"{check.Table}: {check.SourceRows} → {check.TargetRows}"));
        Assert.Contains(checks, c => c.Table == "figure_history" && c.TargetRows > 1);
        Assert.Contains(checks, c => c.Table == "sessions" && c.TargetRows == 1);
        var copied = await new FigureQueries(postgres.Db).GetFiguresAsync(1, 2024, Reader.System("测试"));
        var before = await new FigureQueries(sqlite.Db).GetFiguresAsync(1, 2024, Reader.System("测试"));
        Assert.Equal(before.Select(f => (f.Id, f.Value, f.Qualifier, f.SourceText, f.Version, f.UpdatedAt)),
            copied.Select(f => (f.Id, f.Value, f.Qualifier, f.SourceText, f.Version, f.UpdatedAt)));
        await using (var connection = await postgres.Db.OpenAsync())
        {
            Assert.Equal("<key id=\"0f8e\"><secret>x</secret></key>",
                await connection.QuerySingleAsync<string>("SELECT xml FROM data_protection_keys WHERE friendly_name = 'key-0f8e'"));
        }

        // New rows continue after the copied ids, and a second copy into the now full database is refused.
        var organization = await CatalogBuilder.AddOrganizationAsync(postgres.Db, "new", "新街道");
        Assert.True(organization > before.Max(f => f.OrganizationId));
        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => CopyToPostgres.CopyAsync(sqlite.Db, null, postgres.Db));
        Assert.Contains("不是空的", refusal.Message);
    }

    [EngineFact]
    public async Task ABackupIsCheckedByATrialRestoreAndRestoringBringsTheDataBackAndEndsEverySession()
    {
        await using var database = await TempDatabase.CreateSeededAsync(DatabaseEngine.Postgres);
        var queries = new FigureQueries(database.Db);
        var original = (await queries.GetFiguresAsync(1, 2024, Reader.System("测试")))[0];
        await SignInAsync(database.Db, "王五", Dashboard.Data.Users.Role.Editor);

        var backup = await PostgresBackup.CreateAsync(database.Db, withKeys: false, database.Folder, TimeProvider.System);
        Assert.EndsWith(".dump", backup);
        await new FigureCommands(database.Db, TimeProvider.System).SaveAsync(new FigureSave
        {
            OrganizationId = original.OrganizationId, IndicatorId = original.IndicatorId, Year = 2024, Value = original.Value + 5,
            Qualifier = original.Qualifier, Status = original.Status, ExpectedVersion = original.Version, Reason = "误改",
        }, Writer("李四"));

        // A damaged file is refused before anything is touched.
        var damaged = Path.Combine(database.Folder, "damaged.dump");
        var bytes = await File.ReadAllBytesAsync(backup);
        await File.WriteAllBytesAsync(damaged, bytes[..(bytes.Length / 2)]);
        await Assert.ThrowsAsync<BackupException>(() => PostgresBackup.RestoreAsync(database.Db, damaged, database.Folder, TimeProvider.System));
        Assert.Equal(original.Value + 5, (await queries.GetFiguresAsync(1, 2024, Reader.System("测试")))[0].Value);

        // Refused while another app server is connected: it would go on writing into what is being replaced.
        await using (var otherServer = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(database.Postgres)
                     { ApplicationName = DashboardDb.ApplicationPrefix + "other-server", Pooling = false }.ConnectionString))
        {
            await otherServer.OpenAsync();
            var refused = await Assert.ThrowsAsync<BackupException>(() => PostgresBackup.RestoreAsync(database.Db, backup, database.Folder, TimeProvider.System));
            Assert.Contains("请先停止所有应用服务器", refused.Message);
        }

        var restored = await PostgresBackup.RestoreAsync(database.Db, backup, database.Folder, TimeProvider.System);

        Assert.Equal(original.Value, (await queries.GetFiguresAsync(1, 2024, Reader.System("测试")))[0].Value);
        Assert.True(File.Exists(restored.PreviousDataFolder), "the data it replaced is kept as a backup");
        await using var connection = await database.Db.OpenAsync();
        Assert.Equal(0, await connection.QuerySingleAsync<long>("SELECT count(*) FROM sessions WHERE ended_at IS NULL"));
    }
}
