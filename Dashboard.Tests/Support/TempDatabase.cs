using Dashboard.Data;
using Dashboard.Data.Schema;
using Dashboard.Data.Seeding;
using Microsoft.Data.Sqlite;

namespace Dashboard.Tests.Support;

/// <summary>
/// A real database of its own, deleted afterwards: a SQLite file in a temp folder, or (for the PostgreSQL half of a
/// two-engine test class) a database created on the test server (<see cref="TestPostgres"/>) — with a temp folder too,
/// for whatever files a test writes beside it.
/// </summary>
public sealed class TempDatabase : IAsyncDisposable
{
    private TempDatabase(string folder, string? postgres)
    {
        Folder = folder;
        Postgres = postgres;
        Db = postgres is null
            ? new DashboardDb(Path.Combine(folder, "dashboard.db"))
            : DashboardDb.FromConnectionString(postgres, folder);
    }

    public string Folder { get; }

    public DashboardDb Db { get; }

    /// <summary>The PostgreSQL connection string, or null on SQLite.</summary>
    public string? Postgres { get; }

    public static TempDatabase CreateEmpty(DatabaseEngine engine = DatabaseEngine.Sqlite) =>
        new(Directory.CreateTempSubdirectory("dashboard-test-").FullName,
            engine == DatabaseEngine.Postgres ? TestPostgres.CreateDatabase() : null);

    public static async Task<TempDatabase> CreateMigratedAsync(DatabaseEngine engine = DatabaseEngine.Sqlite)
    {
        var database = CreateEmpty(engine);
        await SchemaMigrator.MigrateAsync(database.Db);
        return database;
    }

    /// <summary>Migrated and seeded from the repository's real seed-data folder.</summary>
    public static async Task<TempDatabase> CreateSeededAsync(DatabaseEngine engine = DatabaseEngine.Sqlite)
    {
        var database = await CreateMigratedAsync(engine);
        await new Seeder(database.Db, TimeProvider.System).SeedAsync(SeedData.Load(SeedFolder.Path));
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        await Db.DisposeAsync();
        if (Postgres is not null)
        {
            await TestPostgres.DropDatabaseAsync(Postgres);
        }
        // Pooled connections keep the file open; release them before deleting it.
        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}

public static class SeedFolder
{
    /// <summary>The repository's seed-data, copied beside the test assembly by the build.</summary>
    public static string Path { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "seed-data");

    public static string ReportText { get; } = File.ReadAllText(System.IO.Path.Combine(Path, "reports", "luoxing-2024.md"));
}
