using System.Collections.Concurrent;
using System.Globalization;
using Serilog;
using Serilog.Formatting.Compact;

namespace Dashboard.Web.Hosting;

/// <summary>
/// Logs (docs/operations.md#logs): readable lines on the console — what systemd's journal or a Windows service's event
/// viewer keeps — and structured events, one JSON object per line (CLEF), in a file per day in <c>logs/</c> in the data
/// folder, the last <see cref="RetainedDays"/> days kept. Levels come from the "Serilog" configuration section. What is
/// logged names users by their number (#12), never by name, and never carries a password, a typed user name that
/// matched no user (often a password typed in the wrong box) or report text.
/// </summary>
public static class Logs
{
    public const string Folder = "logs";
    public const int RetainedDays = 31;
    private const long MaxFileBytes = 20L * 1024 * 1024;

    public static WebApplicationBuilder AddDashboardLogs(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog((services, log) => log
                .ReadFrom.Configuration(services.GetRequiredService<IConfiguration>())
                .Enrich.FromLogContext()
                .WriteTo.Console(formatProvider: CultureInfo.InvariantCulture)
                .WriteTo.File(
                    new CompactJsonFormatter(),
                    Path.Combine(services.GetRequiredService<DataPaths>().DataFolder, Folder, "dashboard-.json"),
                    rollingInterval: RollingInterval.Day,
                    retainedFileCountLimit: RetainedDays,
                    fileSizeLimitBytes: MaxFileBytes,
                    rollOnFileSizeLimit: true,
                    // A command (backup, user add) may write while the app runs.
                    shared: true),
            // This app's own logger, not Serilog's static one: two apps in one process (the tests) keep their logs apart.
            preserveStaticLogger: true,
            // Providers added by the host (tests add one) still receive every event.
            writeToProviders: true);
        // Serilog's logger factory makes a new logger, each with caches of its own, on every call; Blazor asks for
        // several per circuit, so each open screen held seven. One logger per category, as Microsoft's factory does.
        var serilogFactory = builder.Services.Last(service => service.ServiceType == typeof(ILoggerFactory));
        builder.Services.Remove(serilogFactory);
        builder.Services.AddSingleton<ILoggerFactory>(services =>
            new OneLoggerPerCategory((ILoggerFactory)serilogFactory.ImplementationFactory!(services)));
        return builder;
    }

    private sealed class OneLoggerPerCategory(ILoggerFactory inner) : ILoggerFactory
    {
        private readonly ConcurrentDictionary<string, Microsoft.Extensions.Logging.ILogger> loggers = new(StringComparer.Ordinal);

        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => loggers.GetOrAdd(categoryName, inner.CreateLogger);

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose() => inner.Dispose();
    }
}
