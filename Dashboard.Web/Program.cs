using System.Text.Encodings.Web;
using System.Text.Unicode;
using Dashboard.Data;
using Dashboard.Data.Schema;
using Dashboard.Data.Seeding;
using Dashboard.Web.Components;
using Dashboard.Web.Hosting;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.ResponseCompression;
using MudBlazor.Services;

// Every file this process writes — database, keys, logs, backups — is readable by its own user only.
FilePrivacy.RestrictNewFiles();

// Plain switches for the README's commands, as configuration keys (also settable in appsettings or the environment).
args = [.. args.Select(arg => arg switch
{
    "--sample-data" => "--Dashboard:SampleData=true",
    "--remove-sample-data" => "--Dashboard:RemoveSampleData=true",
    _ => arg,
})];

// A command (user add …, backup …) runs instead of the web app; its words are not configuration.
var isCommand = UserCommandLine.Handles(args) || BackupCommandLine.Handles(args);
var builder = WebApplication.CreateBuilder(isCommand ? [] : args);
builder.AddDashboardLogs();
builder.AddDashboardDeployment();

builder.Services.AddRazorComponents()
    .AddInteractiveServerComponents(options =>
    {
        // What one misbehaving or departed screen may cost the server, stated rather than left implicit (these are
        // Blazor's defaults; README "Proofs" measures them): a screen that stops acknowledging gets no more than 10
        // render batches queued; a closed screen's circuit is kept 3 minutes for its return, at most 100 of them.
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
builder.Services.AddMudServices();
// Unsaved work kept in the browser tab until it is saved (editing pages), one per circuit.
builder.Services.AddScoped<Dashboard.Web.Components.Drafts.BrowserDrafts>();
// Chinese text stays readable in the HTML instead of becoming &#x…; entities.
builder.Services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
builder.Services.AddDashboardData();
builder.Services.Configure<ConnectionOptions>(builder.Configuration.GetSection(ConnectionOptions.Section));
builder.Services.Configure<BackupOptions>(builder.Configuration.GetSection(BackupOptions.Section));
builder.Services.AddDashboardSecurity(builder.Configuration);
// Static files are precompressed at build time (MapStaticAssets); the prerendered HTML is compressed here.
builder.Services.AddResponseCompression(options =>
{
    options.EnableForHttps = true;
    options.MimeTypes = ["text/html"];
    options.Providers.Add<BrotliCompressionProvider>();
    options.Providers.Add<GzipCompressionProvider>();
});
builder.Services.Configure<BrotliCompressionProviderOptions>(options => options.Level = System.IO.Compression.CompressionLevel.Fastest);
builder.Services.Configure<GzipCompressionProviderOptions>(options => options.Level = System.IO.Compression.CompressionLevel.Fastest);

var app = builder.Build();
// And so is what an older version or an administrator left in the data folder.
FilePrivacy.Secure(app.Services.GetRequiredService<DataPaths>());

if (UserCommandLine.Handles(args))
{
    return await UserCommandLine.RunAsync(args, app.Services);
}
if (BackupCommandLine.Handles(args))
{
    return await BackupCommandLine.RunAsync(args, app.Services);
}

app.UseDashboardDeployment();
// HEAD is GET without the body (monitors and link checkers use it); the pages are mapped for GET only.
app.Use((context, next) =>
{
    if (HttpMethods.IsHead(context.Request.Method))
    {
        context.Request.Method = HttpMethods.Get;
        context.Response.Body = Stream.Null;
    }
    return next(context);
});
app.UseRouting();
app.UseSecurityHeaders();
app.UseLiveConnectionGuard();
app.UseResponseCompression();
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets().AllowAnonymous();
// Renews the sign-in cookie (sliding expiration) while a user works inside an open page; see MainLayout.razor.js.
app.MapHealth();
app.MapGet("/account/keepalive", () => Results.NoContent()).RequireAuthorization();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = "'none'");

try
{
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (e is DatabaseUnavailableException or DatabaseInUseException or SeedDataException)
{
    // Start-up refused to touch the data: say why in plain words, without a stack trace.
    Console.Error.WriteLine(e.Message);
    return 1;
}

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
