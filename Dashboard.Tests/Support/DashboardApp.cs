using System.Collections.Concurrent;
using System.Net;
using Dashboard.Data;
using Dashboard.Data.Users;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dashboard.Tests.Support;

/// <summary>
/// The real app over a data folder of its own (or one shared with another instance, to play a restart), seeded
/// on start. In-process by default; on Kestrel at a real 127.0.0.1 port for browser tests.
/// </summary>
public class DashboardApp : WebApplicationFactory<Program>
{
    private readonly bool sampleData;
    private readonly bool ownsFolder;
    private readonly IReadOnlyDictionary<string, string> settings;
    private readonly TimeProvider? clock;
    private readonly string environment;
    private readonly Action<IServiceCollection>? services;

    public DashboardApp(bool sampleData = false, bool kestrel = false, string? dataFolder = null,
        IReadOnlyDictionary<string, string>? settings = null, TimeProvider? clock = null, string environment = "Development",
        Action<IServiceCollection>? services = null, DatabaseEngine engine = DatabaseEngine.Sqlite, string? postgres = null)
    {
        // On PostgreSQL: a database of its own (or the one given, shared with another app to play a second server).
        Postgres = engine == DatabaseEngine.Postgres && TestPostgres.Available ? postgres ?? TestPostgres.CreateDatabase() : null;
        ownsDatabase = Postgres is not null && postgres is null;
        if (Postgres is not null)
        {
            settings = new Dictionary<string, string>(settings ?? new Dictionary<string, string>()) { ["ConnectionStrings:Dashboard"] = Postgres };
        }
        this.environment = environment;
        this.services = services;
        this.sampleData = sampleData;
        this.settings = settings ?? new Dictionary<string, string>();
        this.clock = clock;
        ownsFolder = dataFolder is null;
        DataFolder = dataFolder ?? Directory.CreateTempSubdirectory("dashboard-app-").FullName;
        if (kestrel)
        {
            UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        }
    }

    public string DataFolder { get; }

    /// <summary>The app's PostgreSQL connection string, or null on SQLite.</summary>
    public string? Postgres { get; }

    private readonly bool ownsDatabase;

    /// <summary>Everything the app logged, for tests of what it tells an administrator.</summary>
    public ConcurrentQueue<string> Log { get; } = new();

    /// <summary>Where Kestrel listens (after <see cref="WebApplicationFactory{TEntryPoint}.StartServer"/>).</summary>
    public string BaseAddress => Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    /// <summary>Creates a user through the app's own account service, as the command line does.</summary>
    public Task<User> AddUserAsync(string userName, Role role, string password) =>
        Services.GetRequiredService<AccountService>().CreateUserAsync(userName, role, password, Actor.System("test"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Development serves the package assets (MudBlazor's _content) from the build output ...
        builder.UseEnvironment(environment);
        // ... but with the caching headers of production, which Development otherwise turns off.
        builder.UseSetting("EnableStaticAssetsDevelopmentCaching", "true");
        builder.UseSetting("Dashboard:DataFolder", DataFolder);
        builder.UseSetting("Dashboard:SampleData", sampleData ? "true" : "false");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureLogging(logging => logging.AddProvider(new QueueLoggerProvider(Log)));
        if (clock is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }
        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (ownsDatabase)
        {
            await TestPostgres.DropDatabaseAsync(Postgres!);
        }
        if (ownsFolder)
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        GC.SuppressFinalize(this);
    }

    private sealed class QueueLoggerProvider(ConcurrentQueue<string> log) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new QueueLogger(log);

        public void Dispose()
        {
        }

        private sealed class QueueLogger(ConcurrentQueue<string> log) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                log.Enqueue($"{logLevel}: {formatter(state, exception)}");
        }
    }
}

/// <summary>One seeded app shared by a test class.</summary>
public class SeededApp : DashboardApp
{
    public SeededApp()
    {
    }

    protected SeededApp(DatabaseEngine engine) : base(engine: engine)
    {
    }

    /// <summary>The same on PostgreSQL.</summary>
    public sealed class OnPostgres() : SeededApp(DatabaseEngine.Postgres);
}
