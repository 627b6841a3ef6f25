using System.Net;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Http;

public sealed class AccountHttpTests
{
    private const string Password = "correct-horse-9";

    private static HttpClient Client(DashboardApp app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task TheRightPasswordSignsInAndThePageShowsWhoIsSignedIn()
    {
        await using var app = new DashboardApp();
        await app.AddUserAsync("zhangsan", Role.Editor, Password);
        using var client = Client(app);

        var response = await Browsing.SignInAsync(client, "zhangsan", Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.AbsolutePath);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("dashboard.auth="));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("data-testid=\"signed-in-user\">zhangsan<", await client.GetStringAsync("/"));
    }

    [Fact]
    public async Task AWrongPasswordIsRefusedInChineseAndLoggedWithTheUsersNumberAndAddress()
    {
        await using var app = new DashboardApp();
        var user = await app.AddUserAsync("zhangsan", Role.Editor, Password);
        using var client = Client(app);

        var response = await Browsing.SignInAsync(client, "zhangsan", "wrong-password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("用户名或密码不正确", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain("dashboard.auth=", string.Join(";", response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : []));
        Assert.Contains(app.Log, line => line.Contains($"Failed sign-in for user #{user.Id} from") && !line.Contains("wrong-password") && !line.Contains("zhangsan"));
    }

    [Fact]
    public async Task FiveFailuresLockTheAccountForFifteenMinutes()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var app = new DashboardApp(clock: clock);
        await app.AddUserAsync("zhangsan", Role.Editor, Password);
        using var client = Client(app);

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            Assert.Contains("用户名或密码不正确", await (await Browsing.SignInAsync(client, "zhangsan", "wrong-password")).Content.ReadAsStringAsync());
        }
        var fifth = await (await Browsing.SignInAsync(client, "zhangsan", "wrong-password")).Content.ReadAsStringAsync();
        var rightButLocked = await Browsing.SignInAsync(client, "zhangsan", Password);

        Assert.Contains("账户已锁定", fifth);
        Assert.Equal(HttpStatusCode.OK, rightButLocked.StatusCode);
        Assert.Contains("账户已锁定", await rightButLocked.Content.ReadAsStringAsync());

        clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Contains("账户已锁定", await (await Browsing.SignInAsync(client, "zhangsan", Password)).Content.ReadAsStringAsync());

        clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Redirect, (await Browsing.SignInAsync(client, "zhangsan", Password)).StatusCode);
    }

    [Fact]
    public async Task AFormPostedWithoutItsAntiforgeryTokenIsRejected()
    {
        await using var app = new DashboardApp();
        await app.AddUserAsync("zhangsan", Role.Editor, Password);
        using var client = Client(app);
        await client.GetStringAsync("/account/signin");

        var response = await client.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signin",
            ["Input.UserName"] = "zhangsan",
            ["Input.Password"] = Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("dashboard.auth=")));
    }

    [Fact]
    public async Task SigningOutEndsTheSession()
    {
        await using var app = new DashboardApp();
        await app.AddUserAsync("zhangsan", Role.Admin, Password);
        using var client = Client(app);
        await Browsing.SignInAsync(client, "zhangsan", Password);
        var page = await client.GetStringAsync("/account/signout");

        var response = await client.PostAsync("/account/signout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signout",
            ["__RequestVerificationToken"] = Browsing.AntiforgeryToken(page),
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("signed-in-user", await client.GetStringAsync("/"));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/admin/users")).StatusCode);
    }

    [Fact]
    public async Task ASignInMadeBeforeARestartIsStillValidAfterIt()
    {
        var folder = Directory.CreateTempSubdirectory("dashboard-restart-").FullName;
        try
        {
            string cookie;
            await using (var before = new DashboardApp(dataFolder: folder))
            {
                await before.AddUserAsync("zhangsan", Role.Admin, Password);
                using var client = before.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
                var form = await client.GetAsync("/account/signin");
                var antiforgeryCookie = form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).ToList();
                using var post = new HttpRequestMessage(HttpMethod.Post, "/account/signin")
                {
                    Content = new FormUrlEncodedContent(new Dictionary<string, string>
                    {
                        ["_handler"] = "signin",
                        ["__RequestVerificationToken"] = Browsing.AntiforgeryToken(await form.Content.ReadAsStringAsync()),
                        ["Input.UserName"] = "zhangsan",
                        ["Input.Password"] = Password,
                    }),
                };
                post.Headers.Add("Cookie", string.Join("; ", antiforgeryCookie));
                var signedIn = await client.SendAsync(post);
                cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("dashboard.auth=")).Split(';')[0];
            }

            await using var after = new DashboardApp(dataFolder: folder);
            using var afterClient = after.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/users");
            request.Headers.Add("Cookie", cookie);
            var response = await afterClient.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("用户管理", await response.Content.ReadAsStringAsync());
            Assert.True(Directory.EnumerateFiles(Path.Combine(folder, "keys"), "key-*.xml").Any());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("disable")]
    [InlineData("password")]
    [InlineData("role")]
    public async Task DisablingAUserOrChangingTheirPasswordOrRoleEndsTheirOtherSessions(string change)
    {
        await using var app = new DashboardApp();
        await app.AddUserAsync("zhangsan", Role.Admin, Password);
        await app.AddUserAsync("lisi", Role.Admin, Password);
        using var client = Client(app);
        await Browsing.SignInAsync(client, "zhangsan", Password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/users")).StatusCode);

        var admin = Actor.System("test");
        var commands = app.Services.GetRequiredService<UserCommands>();
        await (change switch
        {
            "disable" => commands.SetDisabledAsync("zhangsan", true, admin),
            "password" => app.Services.GetRequiredService<Dashboard.Web.Security.AccountService>().SetPasswordAsync("zhangsan", "a-new-password-2", admin),
            _ => commands.SetRoleAsync("zhangsan", Role.Editor, admin),
        });

        var response = await client.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/signin", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task ASessionEndsAfterThirtyIdleMinutes()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var app = new DashboardApp(clock: clock);
        await app.AddUserAsync("zhangsan", Role.Admin, Password);
        using var client = Client(app);
        await Browsing.SignInAsync(client, "zhangsan", Password);

        clock.Advance(TimeSpan.FromMinutes(29));
        var stillThere = await client.GetAsync("/admin/users");
        clock.Advance(TimeSpan.FromMinutes(31));
        var expired = await client.GetAsync("/admin/users");

        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, expired.StatusCode);
    }

    [Fact]
    public async Task ActivityInAnOpenPageKeepsTheSessionAlive()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var app = new DashboardApp(clock: clock);
        await app.AddUserAsync("zhangsan", Role.Admin, Password);
        using var client = Client(app);
        await Browsing.SignInAsync(client, "zhangsan", Password);

        // What MainLayout.razor.js does while the user works without leaving the page.
        clock.Advance(TimeSpan.FromMinutes(20));
        var keptAlive = await client.GetAsync("/account/keepalive");
        clock.Advance(TimeSpan.FromMinutes(20));
        var page = await client.GetAsync("/admin/users");

        Assert.Equal(HttpStatusCode.NoContent, keptAlive.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public void AnOpenPageLeftAloneLongerThanTheIdleTimeoutCountsAsIdle()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var activity = new Dashboard.Web.Security.CircuitActivity(clock);

        clock.Advance(TimeSpan.FromMinutes(29));
        var beforeTimeout = activity.IsIdleLongerThan(TimeSpan.FromMinutes(30));
        activity.Touch();
        clock.Advance(TimeSpan.FromMinutes(29));
        var afterInput = activity.IsIdleLongerThan(TimeSpan.FromMinutes(30));
        clock.Advance(TimeSpan.FromMinutes(2));

        Assert.False(beforeTimeout);
        Assert.False(afterInput);
        Assert.True(activity.IsIdleLongerThan(TimeSpan.FromMinutes(30)));
    }

    [Fact]
    public async Task OverHttpsTheSessionCookieIsSecure()
    {
        await using var app = new DashboardApp();
        await app.AddUserAsync("zhangsan", Role.Editor, Password);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });

        var response = await Browsing.SignInAsync(client, "zhangsan", Password);

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("dashboard.auth="));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task EveryResponseCarriesTheSecurityHeaders()
    {
        await using var app = new DashboardApp();
        using var client = Client(app);

        var response = await client.GetAsync("/");

        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Matches("script-src 'self' 'nonce-[0-9A-F]{32}'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        var nonce = System.Text.RegularExpressions.Regex.Match(policy, "'nonce-([^']+)'").Groups[1].Value;
        var importMap = System.Text.RegularExpressions.Regex.Match(await response.Content.ReadAsStringAsync(), "<script[^>]*importmap[^>]*>").Value;
        Assert.Contains($"nonce=\"{nonce}\"", importMap);
    }
}
