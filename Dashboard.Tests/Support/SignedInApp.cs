using Dashboard.Data;
using Dashboard.Data.Users;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Dashboard.Tests.Support;

/// <summary>A seeded app with one signed-in session per role, for tests that ask the same thing of every role.</summary>
public class SignedInApp : IAsyncLifetime
{
    public const string Password = "tests-sign-in-with-this-7";

    private readonly Dictionary<Role, string> cookies = [];

    public SignedInApp() : this(new DashboardApp())
    {
    }

    protected SignedInApp(DashboardApp app) => App = app;

    public DashboardApp App { get; }

    /// <summary>False for a PostgreSQL app where no PostgreSQL is configured (its tests are not run).</summary>
    protected bool Ready => App.Postgres is not null || !wantsPostgres;

    private readonly bool wantsPostgres;

    protected SignedInApp(DatabaseEngine engine) : this(new DashboardApp(engine: engine)) => wantsPostgres = engine == DatabaseEngine.Postgres;

    /// <summary>The same on PostgreSQL.</summary>
    public sealed class OnPostgres() : SignedInApp(DatabaseEngine.Postgres);

    public virtual async Task InitializeAsync()
    {
        // The fixture of a PostgreSQL half is made even where its tests are reported as not run: then it starts nothing.
        if (!Ready) return;
        foreach (var role in Enum.GetValues<Role>())
        {
            var name = role.ToString().ToLowerInvariant();
            await App.AddUserAsync(name, role, Password);
            using var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            var response = await Browsing.SignInAsync(client, name, Password);
            cookies[role] = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("dashboard.auth=")).Split(';')[0];
        }
    }

    /// <summary>A client that does not follow redirects, signed in as <paramref name="role"/> (null: anonymous).</summary>
    public HttpClient Client(Role? role)
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (role is { } r)
        {
            client.DefaultRequestHeaders.Add("Cookie", cookies[r]);
        }
        return client;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>The same, with the office's setting that closes viewing to signed-in users.</summary>
public sealed class ClosedApp() : SignedInApp(new DashboardApp(settings: new Dictionary<string, string> { ["Security:RequireSignInToView"] = "true" }));
