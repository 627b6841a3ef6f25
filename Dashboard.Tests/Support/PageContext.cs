using Bunit;
using Bunit.TestDoubles;
using Dashboard.Data.Seeding;
using Dashboard.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Support;

/// <summary>A bUnit context whose pages read a real, seeded database of their own (SQLite unless told).</summary>
public sealed class PageContext : IAsyncDisposable
{
    private PageContext(TempDatabase database)
    {
        Database = database;
        // The app's own registration (what Program.cs runs), with this test's database and configuration.
        var configuration = new ConfigurationBuilder().Build();
        Bunit.Services.AddSingleton<IConfiguration>(configuration);
        Bunit.Services.AddLogging();
        Bunit.Services.AddDashboardServices(configuration);
        Bunit.Services.AddSingleton(database.Db);
        // Charts and scrolling are JS; their module calls are tested with the chart wrapper itself.
        Bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        // The signed-in user is bUnit's (anonymous unless a test signs someone in); what they may do is decided by the
        // app's real policies, not bUnit's stand-in that grants whatever policy names a test lists.
        Authorization = Bunit.AddAuthorization();
        Bunit.Services.AddSingleton<IAuthorizationService, DefaultAuthorizationService>();
        Bunit.Services.AddSingleton<IAuthorizationPolicyProvider, DefaultAuthorizationPolicyProvider>();
        // Pages render as in a live circuit (interactive server). Last: it builds the service provider.
        Bunit.Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    public BunitAuthorizationContext Authorization { get; }

    /// <summary>
    /// Renders as a signed-in user with the given role: a real user of the test database with an open session, whose
    /// claims (stamp, session) the data layer checks on every write as it does in the app.
    /// </summary>
    /// <param name="organizationCode">The organization the role holds for (with what is under it); null for every organization.</param>
    public async Task<Dashboard.Data.Users.Actor> SignInAsync(string userName, Dashboard.Data.Users.Role role, string? organizationCode = null)
    {
        var actor = await Actors.SignInAsync(Database.Db, userName, role, organizationCode: organizationCode);
        Authorization.SetAuthorized(actor.UserName);
        Authorization.SetRoles(role.ToString());
        Authorization.SetClaims(
        [
            new System.Security.Claims.Claim(Dashboard.Web.Security.AccountService.StampClaim, actor.Stamp!),
            new System.Security.Claims.Claim(Dashboard.Web.Security.AccountService.SessionClaim, actor.SessionId!),
            .. actor.ScopeId is { } scope ? [new System.Security.Claims.Claim(Dashboard.Web.Security.AccountService.ScopeClaim, scope.ToString(System.Globalization.CultureInfo.InvariantCulture))] : Array.Empty<System.Security.Claims.Claim>(),
        ]);
        return actor;
    }

    public BunitContext Bunit { get; } = new();

    public TempDatabase Database { get; }

    public static async Task<PageContext> CreateAsync(bool withSample = false, Dashboard.Data.DatabaseEngine engine = Dashboard.Data.DatabaseEngine.Sqlite)
    {
        var database = await TempDatabase.CreateSeededAsync(engine);
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
        var changes = Bunit.Services.GetRequiredService<Dashboard.Data.Changes.DataChanges>();
        await changes.StartAsync(CancellationToken.None);
        // A commit made before the watcher's first reading would be part of its starting point, never a change.
        await changes.Ready.WaitAsync(TimeSpan.FromSeconds(30));
        watching = changes;
    }

    private Dashboard.Data.Changes.DataChanges? watching;

    public async ValueTask DisposeAsync()
    {
        if (watching is not null) await watching.StopAsync(CancellationToken.None);
        await Bunit.DisposeAsync();
        await Database.DisposeAsync();
    }
}
