using Bunit;
using Bunit.TestDoubles;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Reports;
using Dashboard.Data.Seeding;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Dashboard.Tests.Support;

/// <summary>A bUnit context whose pages read a real, seeded SQLite database of their own.</summary>
public sealed class PageContext : IAsyncDisposable
{
    private PageContext(TempDatabase database)
    {
        Database = database;
        Bunit.Services.AddMudServices();
        Bunit.Services.AddSingleton(database.Db);
        Bunit.Services.AddSingleton<CatalogQueries>();
        Bunit.Services.AddSingleton<FigureQueries>();
        Bunit.Services.AddSingleton<ReportQueries>();
        Bunit.Services.AddSingleton(TimeProvider.System);
        Bunit.Services.AddLogging();
        Bunit.Services.AddOptions<Dashboard.Web.Security.SecurityOptions>();
        Bunit.Services.AddSingleton<Microsoft.AspNetCore.Identity.IPasswordHasher<Dashboard.Data.Users.User>, Microsoft.AspNetCore.Identity.PasswordHasher<Dashboard.Data.Users.User>>();
        Bunit.Services.AddSingleton<Dashboard.Data.Users.UserQueries>();
        Bunit.Services.AddSingleton<Dashboard.Data.Users.UserCommands>();
        Bunit.Services.AddSingleton<Dashboard.Data.Users.SessionStore>();
        Bunit.Services.AddSingleton<Dashboard.Data.Users.SignInThrottle>();
        Bunit.Services.AddSingleton<Dashboard.Web.Security.AccountService>();
        Bunit.Services.AddSingleton<Dashboard.Web.Hosting.DataChanges>();
        Bunit.Services.AddSingleton<Dashboard.Web.Hosting.SharedViews>();
        Bunit.Services.AddScoped<Dashboard.Web.Components.Drafts.BrowserDrafts>();
        // Charts and scrolling are JS; their module calls are tested with the chart wrapper itself.
        Bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        Bunit.Services.AddSingleton<FigureCommands>();
        Bunit.Services.AddSingleton<ReportCommands>();
        Bunit.Services.AddSingleton<Dashboard.Data.Targets.TargetQueries>();
        Bunit.Services.AddSingleton<Dashboard.Data.Targets.TargetCommands>();
        // Anonymous unless a test signs someone in.
        Authorization = Bunit.AddAuthorization();
        // Pages render as in a live circuit (interactive server). Last: it builds the service provider.
        Bunit.Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    public BunitAuthorizationContext Authorization { get; }

    /// <summary>
    /// Renders as a signed-in user with the given role: a real user of the test database with an open session, whose
    /// claims (stamp, session) the data layer checks on every write as it does in the app.
    /// </summary>
    public async Task SignInAsync(string userName, Dashboard.Data.Users.Role role)
    {
        var actor = await Actors.SignInAsync(Database.Db, userName, role);
        Authorization.SetAuthorized(actor.UserName);
        Authorization.SetRoles(role.ToString());
        Authorization.SetClaims(
            new System.Security.Claims.Claim(Dashboard.Web.Security.AccountService.StampClaim, actor.Stamp!),
            new System.Security.Claims.Claim(Dashboard.Web.Security.AccountService.SessionClaim, actor.SessionId!));
    }

    public BunitContext Bunit { get; } = new();

    public TempDatabase Database { get; }

    public static async Task<PageContext> CreateAsync(bool withSample = false)
    {
        var database = await TempDatabase.CreateSeededAsync();
        if (withSample)
        {
            var seed = SeedData.Load(SeedFolder.Path);
            await new Seeder(database.Db, TimeProvider.System).SeedSampleAsync(seed.LoadSample(SeedFolder.Path));
        }
        return new PageContext(database);
    }

    /// <summary>Starts watching the database, as the running app does, so open pages follow saves.</summary>
    public async Task WatchForChangesAsync()
    {
        var changes = Bunit.Services.GetRequiredService<Dashboard.Web.Hosting.DataChanges>();
        await changes.StartAsync(CancellationToken.None);
        watching = changes;
    }

    private Dashboard.Web.Hosting.DataChanges? watching;

    public async ValueTask DisposeAsync()
    {
        if (watching is not null) await watching.StopAsync(CancellationToken.None);
        await Bunit.DisposeAsync();
        await Database.DisposeAsync();
    }
}
