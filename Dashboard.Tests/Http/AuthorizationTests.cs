using System.Net;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Tests.Http;

/// <summary>
/// Who may open which page, asked of the server for every role. Every routed page of the app must have a rule
/// here: a new page without one fails <see cref="EveryPageOfTheAppHasARule"/>.
/// </summary>
public class AuthorizationTests(SignedInApp signedIn) : IClassFixture<SignedInApp>
{
    /// <summary>The same tests on PostgreSQL.</summary>
    public sealed class OnPostgres(SignedInApp.OnPostgres app) : AuthorizationTests(app), IClassFixture<SignedInApp.OnPostgres>, IOnPostgres;

    /// <summary>Route template, a path to ask for, and the least role that may open it (null: anyone).</summary>
    private static readonly (string Template, string Path, Role? Minimum)[] Rules =
    [
        ("/", "/", null),
        ("/indicators/{Code}", "/indicators/petitions_handled", null),
        ("/present", "/present", null),
        ("/account/signin", "/account/signin", null),
        ("/account/signout", "/account/signout", null),
        ("/account/denied", "/account/denied", null),
        ("/account/password", "/account/password", Role.Viewer),
        ("/not-found", "/not-found", null),
        ("/Error", "/Error", null),
        ("/admin/users", "/admin/users", Role.Admin),
        ("/admin/organizations", "/admin/organizations", Role.Admin),
        ("/admin/catalog", "/admin/catalog", Role.Admin),
        ("/figures/edit", "/figures/edit", Role.Editor),
        ("/figures/import", "/figures/import", Role.Editor),
        ("/figures/changes", "/figures/changes", Role.Viewer),
        ("/reports/edit", "/reports/edit", Role.Editor),
        ("/reports/import", "/reports/import", Role.Editor),
        ("/targets/edit", "/targets/edit", Role.Editor),
        ("/review", "/review", Role.Reviewer),
    ];

    /// <summary>Endpoints that are not pages.</summary>
    private static readonly (string Path, Role? Minimum)[] Endpoints =
    [
        ("/account/keepalive", Role.Viewer),
        ("/healthz", null),
        ("/exports/figures.xlsx", null),
        ("/exports/template.xlsx", Role.Editor),
    ];

    public static TheoryData<string, string> Requests()
    {
        var data = new TheoryData<string, string>();
        foreach (var path in Rules.Select(r => r.Path).Concat(Endpoints.Select(e => e.Path)))
            foreach (var role in new[] { "Anonymous" }.Concat(Enum.GetNames<Role>()))
                data.Add(path, role);
        return data;
    }

    [EngineFact]
    public void EveryPageOfTheAppHasARule()
    {
        var templates = typeof(Program).Assembly.GetTypes()
            .SelectMany(type => type.GetCustomAttributes(typeof(RouteAttribute), inherit: false).Cast<RouteAttribute>())
            .Select(route => route.Template)
            .Order();

        Assert.Equal(Rules.Select(r => r.Template).Order(), templates);
    }

    [EngineTheory]
    [MemberData(nameof(Requests))]
    public async Task EachRoleOpensExactlyThePagesItMay(string path, string roleName)
    {
        Role? role = Enum.TryParse<Role>(roleName, out var r) ? r : null;
        var minimum = Rules.Select(r => (r.Path, r.Minimum)).Concat(Endpoints).Single(rule => rule.Path == path).Minimum;
        using var client = signedIn.Client(role);

        var response = await client.GetAsync(path);

        if (minimum is null || role >= minimum)
        {
            Assert.True(response.IsSuccessStatusCode, $"{path} as {roleName}: {response.StatusCode}");
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(role is null ? "/account/signin" : "/account/denied", response.Headers.Location!.AbsolutePath);
        }
    }
}

/// <summary>With RequireSignInToView, nothing but signing in (and the files it needs) is open to visitors.</summary>
public sealed class ClosedViewingTests(ClosedApp closed) : IClassFixture<ClosedApp>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/indicators/petitions_handled")]
    [InlineData("/present")]
    public async Task AVisitorIsSentToSignIn(string path)
    {
        using var client = closed.Client(null);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/signin", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task TheSignInPageAndItsFilesStayOpen()
    {
        using var client = closed.Client(null);

        var page = await client.GetAsync("/account/signin");
        var stylesheet = await client.GetAsync("/app.css");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stylesheet.StatusCode);
    }

    [Fact]
    public async Task ASignedInViewerSeesTheDashboard()
    {
        using var client = closed.Client(Role.Viewer);

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("811件", await response.Content.ReadAsStringAsync());
    }
}
