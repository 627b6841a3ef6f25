using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Changes;
using Dashboard.Data.Figures;
using Dashboard.Data.Reports;
using Dashboard.Data.Schema;
using Dashboard.Data.Seeding;
using Microsoft.Data.Sqlite;

namespace Dashboard.Web.Hosting;

/// <summary>
/// Where the data lives, read from configuration (see docs/operations.md#where-data-lives). <see cref="Postgres"/> is
/// the connection string when <c>ConnectionStrings:Dashboard</c> names a PostgreSQL server (<c>Host=…;Database=…</c>);
/// otherwise the data is the SQLite file <see cref="DatabasePath"/>.
/// </summary>
public sealed record DataPaths(string DataFolder, string DatabasePath, string SeedFolder, string? Postgres = null)
{
    public static DataPaths From(IConfiguration configuration, IHostEnvironment environment)
    {
        var dataFolder = Path.GetFullPath(configuration["Dashboard:DataFolder"] ?? "data", environment.ContentRootPath);
        var connectionString = configuration.GetConnectionString("Dashboard");
        var postgres = !string.IsNullOrWhiteSpace(connectionString) && DashboardDb.IsPostgres(connectionString) ? connectionString : null;
        var databasePath = string.IsNullOrWhiteSpace(connectionString) || postgres is not null
            ? Path.Combine(dataFolder, "dashboard.db")
            : Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource, environment.ContentRootPath);
        var seedFolder = Path.GetFullPath(configuration["Dashboard:SeedFolder"] ?? "seed-data", AppContext.BaseDirectory);
        return new DataPaths(dataFolder, databasePath, seedFolder, postgres);
    }

    public DashboardDb OpenDb() => Postgres is not null
        ? DashboardDb.FromConnectionString(Postgres, DataFolder)
        : new DashboardDb(DatabasePath);
}

public static class DataSetup
{
    public static IServiceCollection AddDashboardData(this IServiceCollection services)
    {
        // Resolved when first needed, so configuration added late (tests, command line) is honoured.
        services.AddSingleton(sp => DataPaths.From(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>()));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => sp.GetRequiredService<DataPaths>().OpenDb());
        services.AddSingleton<CatalogQueries>();
        services.AddSingleton<FigureQueries>();
        services.AddSingleton<FigureCommands>();
        services.AddSingleton<YearPublication>();
        services.AddSingleton<Dashboard.Data.Review.YearCycle>();
        services.AddSingleton<Dashboard.Data.Review.Completeness>();
        services.AddSingleton<Dashboard.Data.Review.ReviewQueries>();
        services.AddSingleton<Dashboard.Data.Review.CollectionRounds>();
        services.AddSingleton<Dashboard.Data.Inbox.Inbox>();
        services.AddSingleton<ReportQueries>();
        services.AddSingleton<ReportCommands>();
        services.AddSingleton<Dashboard.Data.Targets.TargetQueries>();
        services.AddSingleton<Dashboard.Data.Targets.TargetCommands>();
        services.AddSingleton<Seeder>();
        // Starting, not Start: the database must be ready before Kestrel takes the first request.
        services.AddHostedService<DatabaseInitializer>();
        services.AddSingleton<DataChanges>();
        services.AddHostedService(sp => sp.GetRequiredService<DataChanges>());
        services.AddSingleton<OrganizationCommands>();
        services.AddSingleton<CatalogCommands>();
        services.AddSingleton<Dashboard.Data.Spreadsheets.FigureExport>();
        services.AddSingleton<Dashboard.Data.Spreadsheets.FigureImport>();
        services.AddSingleton<Dashboard.Data.Import.ReportImport>();
        // How many uploaded files are read at once (per user and for the server).
        services.AddSingleton<Dashboard.Data.Import.ReadGate>();
        // What screens show, loaded and shared in one place (Views/).
        services.AddOptions<Dashboard.Web.Views.ViewCacheOptions>().BindConfiguration(Dashboard.Web.Views.ViewCacheOptions.Section);
        services.AddSingleton(typeof(Dashboard.Web.Views.ViewCache<,>));
        services.AddSingleton<Dashboard.Web.Views.ScreenViews>();
        services.AddSingleton<Dashboard.Web.Views.ReportDocuments>();
        services.AddSingleton<BackupStatus>();
        services.AddHostedService<ScheduledBackups>();
        // Notifications mailed through the office's own server, when one is configured (docs/operations.md#mail).
        services.AddSingleton<Dashboard.Data.Inbox.MailQueue>();
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<MailOptions>, MailOptionsValidation>();
        services.AddSingleton<MailOutbox>();
        services.AddHostedService(sp => sp.GetRequiredService<MailOutbox>());
        return services;
    }
}

/// <summary>Brings the database to the current schema and seeds it before the app serves anything.</summary>
internal sealed class DatabaseInitializer(
    DashboardDb db, Seeder seeder, DataPaths paths, IConfiguration configuration, ILogger<DatabaseInitializer> logger)
    : IHostedLifecycleService, IDisposable
{
    private DatabaseLock? databaseLock;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        // One app per SQLite file: a second one (or a restore) would fight this one over the file. PostgreSQL serves
        // several app servers at once.
        if (db.Engine == DatabaseEngine.Sqlite)
        {
            databaseLock = DatabaseLock.TryAcquire(db.DatabasePath)
                ?? throw new DatabaseInUseException(db.DatabasePath);
        }
        var isNew = db.Engine == DatabaseEngine.Sqlite && !File.Exists(db.DatabasePath);
        await SchemaMigrator.MigrateAsync(db, cancellationToken);
        logger.LogInformation("Database {Path} ({State}), schema version {Version}",
            db.Description, isNew ? "created" : "opened", SchemaMigrator.LatestVersion);

        var seed = SeedData.Load(paths.SeedFolder);
        var seeded = await seeder.SeedAsync(seed, cancellationToken);
        if (seeded.ChangedAnything)
        {
            logger.LogInformation("Seeded from {Folder}: {Result}", paths.SeedFolder, seeded);
        }

        if (configuration.GetValue<bool>("Dashboard:RemoveSampleData"))
        {
            var removed = await seeder.RemoveSampleAsync(cancellationToken);
            logger.LogInformation("Removed {Count} sample figures", removed);
        }
        else if (configuration.GetValue<bool>("Dashboard:SampleData"))
        {
            var added = await seeder.SeedSampleAsync(seed.LoadSample(paths.SeedFolder), cancellationToken);
            logger.LogWarning("Sample history is loaded (示例数据): {Count} figures added; they are marked wherever shown", added);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => databaseLock?.Dispose();
}
