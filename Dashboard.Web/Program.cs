using Dashboard.Data;
using Dashboard.Data.Schema;
using Dashboard.Data.Seeding;
using Dashboard.Web.Components;
using Dashboard.Web.Hosting;
using Dashboard.Web.Security;

// Every file this process writes — database, keys, logs, backups — is readable by its own user only.
FilePrivacy.RestrictNewFiles();

// Plain switches for the sample-history commands (docs/user-guide.md#sample-history-示例数据), as configuration keys (also
// settable in appsettings or the environment).
args = [.. args.Select(arg => arg switch
{
    "--sample-data" => "--Dashboard:SampleData=true",
    "--remove-sample-data" => "--Dashboard:RemoveSampleData=true",
    _ => arg,
})];

// A command (user add …, backup …) runs instead of the web app; its words are not configuration.
var isCommand = UserCommandLine.Handles(args) || BackupCommandLine.Handles(args) || ExtractCommandLine.Handles(args)
                || MigrateCommandLine.Handles(args);
// Started from another folder, the app (and its commands) still run in their own folder (AppFolder).
var builder = WebApplication.CreateBuilder(AppFolder.WithContentRoot(isCommand ? [] : args, Directory.GetCurrentDirectory(), AppContext.BaseDirectory));
builder.AddDashboardLogs();
builder.AddDashboardDeployment();

builder.Services.AddDashboardApp(builder.Configuration);

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
if (ExtractCommandLine.Handles(args))
{
    return await ExtractCommandLine.RunAsync(args, app.Services);
}
if (MigrateCommandLine.Handles(args))
{
    return await MigrateCommandLine.RunAsync(args, app.Services);
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
// Renews the sign-in cookie (sliding expiration) while a user works inside an open page; see Components/Layout/UserActivity.razor.js.
app.MapHealth();
app.MapExports();
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
