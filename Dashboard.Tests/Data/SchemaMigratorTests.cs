using Dapper;
using Dashboard.Data.Schema;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Data;

public sealed class SchemaMigratorTests
{
    [Fact]
    public async Task CreatesEveryTableInAnEmptyFolder()
    {
        await using var database = TempDatabase.CreateEmpty();

        await SchemaMigrator.MigrateAsync(database.Db);

        await using var connection = await database.Db.OpenAsync();
        var tables = await connection.QueryAsync<string>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
        Assert.Equal(["catalog_history", "categories", "collection_rounds", "figure_history", "figures", "indicators", "indicators_not_reported",
            "mail_outbox", "notifications", "organizations", "report_history", "reports", "review_notes", "sessions", "sign_in_failures",
            "target_history", "targets", "users", "year_events", "year_states"], tables);
        Assert.Equal(SchemaMigrator.LatestVersion, await connection.QuerySingleAsync<int>("PRAGMA user_version"));
    }

    [Fact]
    public async Task MigratingAgainChangesNothing()
    {
        await using var database = await TempDatabase.CreateMigratedAsync();
        await using (var connection = await database.Db.OpenAsync())
        {
            await connection.ExecuteAsync("INSERT INTO organizations (code, name, kind) VALUES ('a', '甲街道', '街道')");
        }

        await SchemaMigrator.MigrateAsync(database.Db);

        await using var check = await database.Db.OpenAsync();
        Assert.Equal(1, await check.QuerySingleAsync<int>("SELECT count(*) FROM organizations"));
        Assert.Equal(SchemaMigrator.LatestVersion, await check.QuerySingleAsync<int>("PRAGMA user_version"));
    }

    [Fact]
    public async Task EveryConnectionRunsWithWalForeignKeysBusyTimeoutAndFullSync()
    {
        await using var database = await TempDatabase.CreateMigratedAsync();

        await using var connection = await database.Db.OpenAsync();

        Assert.Equal("wal", await connection.QuerySingleAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(1, await connection.QuerySingleAsync<int>("PRAGMA foreign_keys"));
        Assert.True(await connection.QuerySingleAsync<int>("PRAGMA busy_timeout") >= 1000);
        Assert.Equal(2, await connection.QuerySingleAsync<int>("PRAGMA synchronous")); // 2 = FULL
    }

    [Fact]
    public async Task ForeignKeysAreEnforced()
    {
        await using var database = await TempDatabase.CreateMigratedAsync();
        await using var connection = await database.Db.OpenAsync();

        var error = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => connection.ExecuteAsync("""
            INSERT INTO figures (organization_id, indicator_id, year, value, qualifier, status, updated_at, updated_by)
            VALUES (99, 99, 2024, 1, 'Exact', 'Published', '2025-01-01T00:00:00Z', 'test')
            """));
        Assert.Contains("FOREIGN KEY", error.Message);
    }

    [Fact]
    public async Task ACorruptFileIsRefusedByNameAndLeftUntouched()
    {
        await using var database = TempDatabase.CreateEmpty();
        var garbage = "这不是一个数据库文件，而是一份被误放在这里的文本。"u8.ToArray().Concat(new byte[8192]).ToArray();
        await File.WriteAllBytesAsync(database.Db.DatabasePath, garbage);

        var error = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => SchemaMigrator.MigrateAsync(database.Db));

        Assert.Contains(database.Db.DatabasePath, error.Message);
        Assert.Contains("不是 SQLite 数据库", error.Message);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(database.Db.DatabasePath));
    }

    [Fact]
    public async Task ADatabaseFromANewerProgramIsRefused()
    {
        await using var database = await TempDatabase.CreateMigratedAsync();
        await using (var connection = await database.Db.OpenAsync())
        {
            await connection.ExecuteAsync($"PRAGMA user_version = {SchemaMigrator.LatestVersion + 1}");
        }

        var error = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => SchemaMigrator.MigrateAsync(database.Db));

        Assert.Contains(database.Db.DatabasePath, error.Message);
        Assert.Contains("更新的程序版本", error.Message);
    }

    [Fact]
    public async Task UsersOfAnEarlierVersionKeepTheirRoleForEveryOrganizationAndStreetsReportEverything()
    {
        await using var database = TempDatabase.CreateEmpty();
        // The database as the previous release left it: schema 6, one street, an editor.
        await using (var connection = await database.Db.OpenAsync())
        {
            foreach (var migration in SchemaMigrator.Migrations.Where(m => m.Version <= 6))
            {
                await connection.ExecuteAsync(migration.Sql);
            }
            await connection.ExecuteAsync("PRAGMA user_version = 6");
            await connection.ExecuteAsync("INSERT INTO organizations (code, name, kind) VALUES ('luoxing', '罗星街道', '街道')");
            await connection.ExecuteAsync("""
                INSERT INTO users (user_name, role, password_hash, security_stamp, created_at, updated_at)
                VALUES ('wangwu', 'Editor', 'hash', 'stamp', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')
                """);
        }

        await SchemaMigrator.MigrateAsync(database.Db);

        var user = (await new Dashboard.Data.Users.UserQueries(database.Db).GetUserAsync("wangwu"))!;
        Assert.Equal((Dashboard.Data.Users.Role.Editor, (long?)null, "stamp"), (user.Role, user.OrganizationId, user.SecurityStamp));
        var organization = Assert.Single(await new Dashboard.Data.Catalog.CatalogQueries(database.Db).GetOrganizationsAsync());
        Assert.Equal((null, false), (organization.ParentId, organization.IsArchived));
        Assert.Empty(await new Dashboard.Data.Catalog.CatalogQueries(database.Db).GetNotReportedAsync(organization.Id));
    }
    [Fact]
    public async Task AnInstallOfTheLastReleaseKeepsItsUsersAndSessionsAndItsPublishedYearsArePublished()
    {
        await using var database = TempDatabase.CreateEmpty();
        // Schema 10: users (the table the reviewer role rebuilds) with a session pointing at them; one year all
        // published, one year with a provisional figure.
        await using (var connection = await database.Db.OpenAsync())
        {
            foreach (var migration in SchemaMigrator.Migrations.Where(m => m.Version <= 10))
            {
                await connection.ExecuteAsync(migration.Sql);
            }
            await connection.ExecuteAsync("PRAGMA user_version = 10");
            await connection.ExecuteAsync("""
                INSERT INTO organizations (id, code, name, kind) VALUES (1, 'luoxing', '罗星街道', '街道');
                INSERT INTO categories (id, code, name, name_en, display_order) VALUES (1, 'c', '类', 'C', 1);
                INSERT INTO indicators (id, code, category_id, name, name_en, unit, kind, direction, display_order, description)
                VALUES (1, 'disputes', 1, '矛盾纠纷', 'Disputes', '件', 'Count', 'Neutral', 1, '');
                INSERT INTO users (id, user_name, role, password_hash, security_stamp, created_at, updated_at, organization_id)
                VALUES (7, 'wangwu', 'Admin', 'hash', 'stamp', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', 1);
                INSERT INTO sessions (id, user_id, created_at, expires_at) VALUES ('s1', 7, '2025-01-01T00:00:00Z', '2099-01-01T00:00:00Z');
                INSERT INTO figures (organization_id, indicator_id, year, value, qualifier, status, source_text, note, version, updated_at, updated_by)
                VALUES (1, 1, 2023, 5, 'Exact', 'Published', '', '', 1, '2024-02-01T00:00:00Z', 'wangwu'),
                       (1, 1, 2024, 6, 'Exact', 'Provisional', '', '', 1, '2025-02-01T00:00:00Z', 'wangwu');
                """);
        }

        await SchemaMigrator.MigrateAsync(database.Db);

        await using var check = await database.Db.OpenAsync();
        Assert.Equal(("wangwu", "Admin", "s1"), await check.QuerySingleAsync<(string, string, string)>(
            "SELECT u.user_name, u.role, s.id FROM users u JOIN sessions s ON s.user_id = u.id"));
        Assert.Empty(await check.QueryAsync("SELECT * FROM pragma_foreign_key_check"));
        Assert.Equal(1L, await check.QuerySingleAsync<long>("PRAGMA foreign_keys"));
        Assert.Equal([(2023L, "Published")], await check.QueryAsync<(long, string)>("SELECT year, state FROM year_states"));
        // The new role is accepted, a made-up one still is not.
        await check.ExecuteAsync("UPDATE users SET role = 'Reviewer' WHERE id = 7");
        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => check.ExecuteAsync("UPDATE users SET role = 'Boss' WHERE id = 7"));
    }
}
