using Dashboard.Data;
using Dashboard.Data.Schema;
using Dashboard.Data.Seeding;
using Microsoft.Data.Sqlite;

namespace Dashboard.Tests.Support;

/// <summary>A real SQLite file in a folder of its own, deleted afterwards.</summary>
public sealed class TempDatabase : IAsyncDisposable
{
    private TempDatabase(string folder)
    {
        Folder = folder;
        Db = new DashboardDb(Path.Combine(folder, "dashboard.db"));
    }

    public string Folder { get; }

    public DashboardDb Db { get; }

    public static TempDatabase CreateEmpty() =>
        new(Directory.CreateTempSubdirectory("dashboard-test-").FullName);

    public static async Task<TempDatabase> CreateMigratedAsync()
    {
        var database = CreateEmpty();
        await SchemaMigrator.MigrateAsync(database.Db);
        return database;
    }

    /// <summary>Migrated and seeded from the repository's real seed-data folder.</summary>
    public static async Task<TempDatabase> CreateSeededAsync()
    {
        var database = await CreateMigratedAsync();
        await new Seeder(database.Db, TimeProvider.System).SeedAsync(SeedData.Load(SeedFolder.Path));
        return database;
    }

    public ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open; release them before deleting it.
        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}

public static class SeedFolder
{
    /// <summary>The repository's seed-data, copied beside the test assembly by the build.</summary>
    public static string Path { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "seed-data");

    public static string ReportText { get; } = File.ReadAllText(System.IO.Path.Combine(Path, "reports", "luoxing-2024.md"));
}
