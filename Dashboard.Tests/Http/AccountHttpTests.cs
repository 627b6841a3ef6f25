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
        Assert.Equal("/", Browsing.Landing(response));
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
    public async Task FailuresSlowFurtherAttemptsDownAndAreForgottenAfterTheLongestWait()
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
        var rightButWaiting = await Browsing.SignInAsync(client, "zhangsan", Password);
        clock.Advance(TimeSpan.FromSeconds(31));
        var afterTheWait = await Browsing.SignInAsync(client, "zhangsan", Password);

        Assert.Contains($"登录失败次数过多，请于 {Local(9, 0, 30)} 后再试", fifth);
        Assert.Contains("登录失败次数过多", await rightButWaiting.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, afterTheWait.StatusCode);
    }

    [Fact]
    public async Task EachFurtherFailureDoublesTheWaitAndAWrongAttemptEveryFifteenMinutesNeverKeepsTheUserOut()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var app = new DashboardApp(clock: clock);
        await app.AddUserAsync("zhangsan", Role.Admin, Password);
        using var client = Client(app);
        for (var attempt = 1; attempt <= 5; attempt++) await Browsing.SignInAsync(client, "zhangsan", "wrong-password");

        // Past the first wait (30 s) a sixth failure makes the next wait a minute.
        clock.Advance(TimeSpan.FromSeconds(31));
        var sixth = await (await Browsing.SignInAsync(client, "zhangsan", "wrong-password")).Content.ReadAsStringAsync();
        // The attack that kept an administrator locked for good: one wrong attempt every 15 minutes. Each comes after
        // the failures are forgotten, so it counts as the first again.
        clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        var quarterHourly = await (await Browsing.SignInAsync(client, "zhangsan", "wrong-password")).Content.ReadAsStringAsync();
        var owner = await Browsing.SignInAsync(client, "zhangsan", Password);

        Assert.Contains($"请于 {Local(9, 1, 31)} 后再试", sixth);
        Assert.Contains("用户名或密码不正确", quarterHourly);
        Assert.Equal(HttpStatusCode.Redirect, owner.StatusCode);
    }

    [Fact]
    public async Task AnUnknownNameAndAWrongPasswordCostTheSameWorkAndGetTheSameAnswers()
    {
        var hasher = new CountingHasher();
        await using var app = new DashboardApp(services: services => services.AddSingleton<Microsoft.AspNetCore.Identity.IPasswordHasher<User>>(hasher));
        await app.AddUserAsync("zhangsan", Role.Editor, Password);
        using var client = Client(app);

        var answers = new Dictionary<string, List<string>> { ["zhangsan"] = [], ["nobody-here"] = [] };
        var checks = new Dictionary<string, int>();
        foreach (var name in answers.Keys)
        {
            var before = hasher.Verifications;
            for (var attempt = 1; attempt <= 6; attempt++)
            {
                var page = await (await Browsing.SignInAsync(client, name, "wrong-password")).Content.ReadAsStringAsync();
                answers[name].Add(page.Contains("用户名或密码不正确") ? "wrong" : page.Contains("登录失败次数过多") ? "wait" : "other");
            }
            checks[name] = hasher.Verifications - before;
        }

        // Five answered "wrong" after checking a password hash, then "wait" without checking — for both names alike.
        Assert.Equal(["wrong", "wrong", "wrong", "wrong", "wait", "wait"], answers["zhangsan"]);
        Assert.Equal(answers["zhangsan"], answers["nobody-here"]);
        Assert.Equal(5, checks["zhangsan"]);
        Assert.Equal(5, checks["nobody-here"]);
    }

    [Fact]
    public async Task GuessesSentAllAtOnceAreCountedOneByOneAndOnlyTheFreeOnesAreChecked()
    {
        var hasher = new CountingHasher();
        await using var app = new DashboardApp(services: services => services.AddSingleton<Microsoft.AspNetCore.Identity.IPasswordHasher<User>>(hasher));
        await app.AddUserAsync("zhangsan", Role.Admin, Password);
        var accounts = app.Services.GetRequiredService<Dashboard.Web.Security.AccountService>();
        var before = hasher.Verifications;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => accounts.SignInAsync("zhangsan", $"guess-{i}", "10.9.8.7"))));

        // Five passwords checked, not twenty: the others were refused unseen, and none got in.
        Assert.Equal(5, hasher.Verifications - before);
        Assert.All(outcomes, o => Assert.True(o.Status is Dashboard.Web.Security.SignInStatus.Invalid or Dashboard.Web.Security.SignInStatus.Throttled));
    }

    /// <summary>
    /// The attack that kept a whole office out: 21 failed sign-ins with random names from one address (the office's
    /// NAT). A user with no failures of their own still signs in with the right password; a wrong password is answered
    /// as a waiting attempt, and after it that user waits too (the per-name limit still applies).
    /// </summary>
    [Fact]
    public async Task AnAddressKeptWaitingByGuessedNamesStillLetsAUserWithTheRightPasswordIn()
    {
        await using var app = new DashboardApp();
        await app.AddUserAsync("zhangsan", Role.Editor, Password);
        await app.AddUserAsync("lisi", Role.Editor, Password);
        using var attacker = Client(app);
        for (var attempt = 0; attempt < 21; attempt++) await Browsing.SignInAsync(attacker, $"guess-{attempt}", "wrong-password");
        var waiting = await (await Browsing.SignInAsync(attacker, "guess-again", "wrong-password")).Content.ReadAsStringAsync();

        using var zhangsan = Client(app);
        var rightPassword = await Browsing.SignInAsync(zhangsan, "zhangsan", Password);
        using var lisi = Client(app);
        var wrongPassword = await (await Browsing.SignInAsync(lisi, "lisi", "wrong-password")).Content.ReadAsStringAsync();
        var thenRight = await (await Browsing.SignInAsync(lisi, "lisi", Password)).Content.ReadAsStringAsync();

        Assert.Contains("登录失败次数过多", waiting);
        Assert.Equal(HttpStatusCode.Redirect, rightPassword.StatusCode);
        Assert.Contains("登录失败次数过多", wrongPassword);
        Assert.Contains("登录失败次数过多", thenRight);
    }

    [Fact]
    public async Task AnAdministratorLiftsAnAddressesWaitAndEveryoneBehindItSignsInAgain()
    {
        await using var app = new DashboardApp();
        await app.AddUserAsync("lisi", Role.Editor, Password);
        var admin = await app.AddUserAsync("admin", Role.Admin, Password);
        using var office = Client(app);
        for (var attempt = 0; attempt < 21; attempt++) await Browsing.SignInAsync(office, $"guess-{attempt}", "wrong-password");
        await Browsing.SignInAsync(office, "lisi", "wrong-password");
        var accounts = app.Services.GetRequiredService<Dashboard.Web.Security.AccountService>();
        var waiting = await accounts.WaitingAddressesAsync();

        var lifted = await accounts.UnlockAddressAsync(waiting.Single().Address, Actor.System("admin-page"));
        var signedIn = await Browsing.SignInAsync(office, "lisi", Password);

        Assert.True(lifted);
        Assert.Empty(await accounts.WaitingAddressesAsync());
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.NotNull(admin);
    }

    private sealed class CountingHasher : Microsoft.AspNetCore.Identity.IPasswordHasher<User>
    {
        private readonly Microsoft.AspNetCore.Identity.PasswordHasher<User> real = new();
        private int verifications;

        public int Verifications => verifications;

        public string HashPassword(User user, string password) => real.HashPassword(user, password);

        public Microsoft.AspNetCore.Identity.PasswordVerificationResult VerifyHashedPassword(User user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref verifications);
            return real.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
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
    public async Task ACookieKeptFromBeforeSigningOutIsWorthNothingAfterIt()
    {
        await using var app = new DashboardApp();
        await app.AddUserAsync("zhangsan", Role.Admin, Password);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var form = await client.GetAsync("/account/signin");
        var antiforgery = string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/account/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "signin", ["__RequestVerificationToken"] = Browsing.AntiforgeryToken(await form.Content.ReadAsStringAsync()),
                ["Input.UserName"] = "zhangsan", ["Input.Password"] = Password,
            }),
        };
        signIn.Headers.Add("Cookie", antiforgery);
        var kept = (await client.SendAsync(signIn)).Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("dashboard.auth=")).Split(';')[0];
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/admin/users", kept)).StatusCode);

        var signOutPage = await GetAsync(client, "/account/signout", $"{kept}; {antiforgery}");
        using var signOut = new HttpRequestMessage(HttpMethod.Post, "/account/signout")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "signout", ["__RequestVerificationToken"] = Browsing.AntiforgeryToken(await signOutPage.Content.ReadAsStringAsync()),
            }),
        };
        signOut.Headers.Add("Cookie", $"{kept}; {antiforgery}");
        Assert.Equal(HttpStatusCode.Redirect, (await client.SendAsync(signOut)).StatusCode);

        // The copy of the cookie a browser (or an attacker) kept is refused, and stays refused.
        var replayed = await GetAsync(client, "/admin/users", kept);
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.Equal("/account/signin", replayed.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task ASessionEndsTwelveHoursAfterSigningInHoweverBusy()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero));
        await using var app = new DashboardApp(clock: clock);
        await app.AddUserAsync("zhangsan", Role.Admin, Password);
        using var client = Client(app);
        await Browsing.SignInAsync(client, "zhangsan", Password);

        // Busy all day: a request every 20 minutes keeps the idle timeout away.
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(11.5); elapsed += TimeSpan.FromMinutes(20))
        {
            clock.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal(HttpStatusCode.NoContent, (await client.GetAsync("/account/keepalive")).StatusCode);
        }
        var stillIn = await client.GetAsync("/admin/users");
        clock.Advance(TimeSpan.FromMinutes(31));
        var afterTwelveHours = await client.GetAsync("/admin/users");

        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, afterTwelveHours.StatusCode);
    }

    [Fact]
    public async Task ASignInReturningToAnAddressWithChineseCharactersRedirectsThere()
    {
        await using var app = new DashboardApp();
        await app.AddUserAsync("zhangsan", Role.Editor, Password);
        using var client = Client(app);
        var form = await client.GetStringAsync("/account/signin");

        var response = await client.PostAsync("/account/signin?returnUrl=%2F%E3%80%82%2Fx%3Fyear%3D%E5%B9%B4", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signin", ["__RequestVerificationToken"] = Browsing.AntiforgeryToken(form),
            ["Input.UserName"] = "zhangsan", ["Input.Password"] = Password,
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/%E3%80%82/x?year=%E5%B9%B4", Browsing.Landing(response));
    }

    [Fact]
    public async Task AUserChangesTheirOwnPasswordStaysSignedInHereAndTheirOtherSessionsEnd()
    {
        await using var app = new DashboardApp();
        var (here, elsewhere) = await SignedInTwiceAsync(app);
        using var _ = here;
        using var __ = elsewhere;

        var wrong = await ChangePasswordAsync(here, "not-my-password", "a-new-secret-phrase");
        var common = await ChangePasswordAsync(here, Password, "password123");
        var changed = await ChangePasswordAsync(here, Password, "a-new-secret-phrase");

        Assert.Contains("当前密码不正确", wrong);
        Assert.Contains("这个密码太常见", common);
        Assert.Contains("密码已修改", changed);
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/figures/changes")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await elsewhere.GetAsync("/figures/changes")).StatusCode);
        using var fresh = Client(app);
        Assert.Equal(HttpStatusCode.Redirect, (await Browsing.SignInAsync(fresh, "zhangsan", "a-new-secret-phrase")).StatusCode);
    }

    [Fact]
    public async Task AUserSignsOutEverywhereElseWithoutChangingThePasswordAndStaysSignedInHere()
    {
        await using var app = new DashboardApp();
        var (here, elsewhere) = await SignedInTwiceAsync(app);
        using var _ = here;
        using var __ = elsewhere;

        var done = await PostAccountFormAsync(here, "others", []);

        Assert.Contains("已退出您在其他浏览器和电脑上的所有登录", done);
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/figures/changes")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await elsewhere.GetAsync("/figures/changes")).StatusCode);
        using var again = Client(app);
        Assert.Equal(HttpStatusCode.Redirect, (await Browsing.SignInAsync(again, "zhangsan", Password)).StatusCode);   // the password is unchanged
    }

    [Fact]
    public async Task AUserSetsTheirNotificationAddressOnTheAccountPageAndABadOneIsRefusedInChinese()
    {
        await using var app = new DashboardApp();
        var (here, elsewhere) = await SignedInTwiceAsync(app);
        using var _ = here;
        using var __ = elsewhere;

        var bad = await PostAccountFormAsync(here, "email", new() { ["Email.Address"] = "zhangsan@example" });
        var saved = await PostAccountFormAsync(here, "email", new() { ["Email.Address"] = " zhangsan@example.gov.cn " });

        Assert.Contains("“zhangsan@example”不是有效的邮箱地址", bad);
        Assert.Contains("通知邮箱已保存：zhangsan@example.gov.cn。", saved);
        Assert.Contains("value=\"zhangsan@example.gov.cn\"", await here.GetStringAsync("/account/password"));
        Assert.Equal("zhangsan@example.gov.cn", (await app.Services.GetRequiredService<UserQueries>().GetUserAsync("zhangsan"))!.Email);
        // An address is no credential: the user's other sign-in goes on.
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/figures/changes")).StatusCode);
        Assert.Contains("已清除通知邮箱", await PostAccountFormAsync(here, "email", new() { ["Email.Address"] = "" }));
        Assert.Equal("", (await app.Services.GetRequiredService<UserQueries>().GetUserAsync("zhangsan"))!.Email);
    }

    /// <summary>One user, zhangsan, signed in from two browsers.</summary>
    private static async Task<(HttpClient Here, HttpClient Elsewhere)> SignedInTwiceAsync(DashboardApp app)
    {
        await app.AddUserAsync("zhangsan", Role.Viewer, Password);
        var (here, elsewhere) = (Client(app), Client(app));
        await Browsing.SignInAsync(here, "zhangsan", Password);
        await Browsing.SignInAsync(elsewhere, "zhangsan", Password);
        return (here, elsewhere);
    }

    private static Task<string> ChangePasswordAsync(HttpClient client, string current, string next) =>
        PostAccountFormAsync(client, "password", new() { ["Input.Current"] = current, ["Input.New"] = next, ["Input.Repeat"] = next });

    /// <summary>Posts one of /account/password's forms as the browser does (with its antiforgery token); the page returned.</summary>
    private static async Task<string> PostAccountFormAsync(HttpClient client, string form, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync("/account/password");
        fields["_handler"] = form;
        fields["__RequestVerificationToken"] = Browsing.AntiforgeryToken(page);
        var response = await client.PostAsync("/account/password", new FormUrlEncodedContent(fields));
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>A time on the test day (UTC) as the page shows it, in the machine's time zone.</summary>
    private static string Local(int hour, int minute, int second) =>
        new DateTimeOffset(2025, 3, 1, hour, minute, second, TimeSpan.Zero).ToLocalTime().ToString("HH:mm:ss");

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
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

        // What UserActivity.razor.js does while the user works without leaving the page.
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
        Assert.Equal("camera=(), microphone=(), geolocation=(), payment=(), usb=(), fullscreen=(self)", response.Headers.GetValues("Permissions-Policy").Single());
        var nonce = System.Text.RegularExpressions.Regex.Match(policy, "'nonce-([^']+)'").Groups[1].Value;
        var importMap = System.Text.RegularExpressions.Regex.Match(await response.Content.ReadAsStringAsync(), "<script[^>]*importmap[^>]*>").Value;
        Assert.Contains($"nonce=\"{nonce}\"", importMap);
    }
}
