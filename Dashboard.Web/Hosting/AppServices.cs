using System.Text.Encodings.Web;
using System.Text.Unicode;
using Dashboard.Web.Components;
using Microsoft.AspNetCore.ResponseCompression;
using MudBlazor.Services;

namespace Dashboard.Web.Hosting;

public static class AppServices
{
    /// <summary>
    /// Every service the app runs with, in one place: Program.cs calls it (and so the HTTP tests' app); bUnit's
    /// context uses <see cref="AddDashboardServices"/>, all of it but the web host's own parts. What the tests test is what runs.
    /// </summary>
    public static IServiceCollection AddDashboardApp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRazorComponents()
            .AddInteractiveServerComponents(options =>
            {
                // What one misbehaving or departed screen may cost the server, stated rather than left implicit (these
                // are Blazor's defaults; measured in docs/measuring.md#many-screens-and-abusive-clients): a screen that
                // stops acknowledging gets no more than 10 render batches queued; a closed screen's circuit is kept 3
                // minutes for its return, at most 100 of them.
                options.MaxBufferedUnacknowledgedRenderBatches = 10;
                options.DisconnectedCircuitMaxRetained = 100;
                options.DisconnectedCircuitRetentionPeriod = TimeSpan.FromMinutes(3);
                // .NET 10 then keeps an evicted circuit's state for resuming it (default: up to 1,000, for 2 hours). Pages here
                // do not resume — a screen whose circuit is gone reloads (connection.js) — so keep that no longer, nor more.
                options.PersistedCircuitInMemoryMaxRetained = 100;
                options.PersistedCircuitInMemoryRetentionPeriod = TimeSpan.FromMinutes(3);
                options.JSInteropDefaultCallTimeout = TimeSpan.FromMinutes(1);
            })
            // No message from a browser is larger than this; a larger one closes that connection, nobody else's.
            .AddHubOptions(options => options.MaximumReceiveMessageSize = 32 * 1024);
        services.AddDashboardServices(configuration);
        // Static files are precompressed at build time (MapStaticAssets); the prerendered HTML is compressed here.
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.MimeTypes = ["text/html"];
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
        });
        services.Configure<BrotliCompressionProviderOptions>(options => options.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(options => options.Level = System.IO.Compression.CompressionLevel.Fastest);
        return services;
    }

    /// <summary>What the pages and commands use — data, views, security — without the web host around them (bUnit's context runs on this).</summary>
    public static IServiceCollection AddDashboardServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMudServices();
        // Unsaved work kept in the browser tab until it is saved (editing pages), one per circuit.
        services.AddScoped<Dashboard.Web.Components.Drafts.BrowserDrafts>();
        services.AddScoped<Dashboard.Web.Components.Charts.ChartModule>();
        // The organization and year the page on the screen shows, for the links around it to keep.
        services.AddScoped<Dashboard.Web.Components.CurrentSelection>();
        // Chinese text stays readable in the HTML instead of becoming &#x…; entities.
        services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
        services.AddDashboardData();
        services.Configure<ConnectionOptions>(configuration.GetSection(ConnectionOptions.Section));
        services.Configure<BackupOptions>(configuration.GetSection(BackupOptions.Section));
        services.AddDashboardSecurity(configuration);
        return services;
    }
}
