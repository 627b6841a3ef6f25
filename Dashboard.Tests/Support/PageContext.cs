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
        Bunit.Services.AddSingleton<Dashboard.Web.Security.AccountService>();
        // Charts and scrolling are JS; their module calls are tested with the chart wrapper itself.
        Bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        // Anonymous unless a test signs someone in.
        Authorization = Bunit.AddAuthorization();
    }

    public BunitAuthorizationContext Authorization { get; }

    /// <summary>Renders as a signed-in user with the given role.</summary>
    public void SignIn(string userName, Dashboard.Data.Users.Role role)
    {
        Authorization.SetAuthorized(userName);
        Authorization.SetRoles(role.ToString());
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

    public async ValueTask DisposeAsync()
    {
        await Bunit.DisposeAsync();
        await Database.DisposeAsync();
    }
}
