using System.Net;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Xunit.Abstractions;

namespace Dashboard.Tests.Http;

/// <summary>
/// Bad input over HTTP (docs/measuring.md#proofs), through the whole app in-process: junk in every page's query string
/// and address, for anonymous and signed-in users, and junk in the sign-in form (posted with and without its
/// antiforgery token). No response is a 5xx, the app logs no error, and a refused sign-in says why in Chinese. Seeded
/// like FuzzTests (<c>FUZZ_SEED</c> replays a failure).
/// </summary>
public class HttpFuzzTests(SignedInApp app, ITestOutputHelper output) : IClassFixture<SignedInApp>
{
    /// <summary>The same tests on PostgreSQL.</summary>
    public sealed class OnPostgres(SignedInApp.OnPostgres app, ITestOutputHelper output) : HttpFuzzTests(app, output), IClassFixture<SignedInApp.OnPostgres>, IOnPostgres;

    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), out var seed) ? seed : Environment.TickCount;

    private static readonly string[] Pages = ["/", "/present", "/indicators/disputes_mediated", "/indicators/no_such_code", "/figures/edit",
        "/figures/changes", "/reports/edit", "/reports/import", "/targets/edit", "/admin/users", "/account/signin", "/account/denied", "/not-found"];

    private static readonly string[] Parameters = ["org", "year", "slides", "interval", "theme", "slide", "returnUrl", "ReturnUrl", "focus"];

    private static readonly string[] Junk =
    [
        "", "-1", "0", "99999999999999999999", "2024.5", "1e9", "NaN", "luoxing", "no_such_org", "title,report,title:-5", "public_safety:99999999",
        ":::", ",,,", "dark", "LIGHT", "<script>alert(1)</script>", "'; DROP TABLE figures; --", "%00", "%E6%B3%95", "%FF%FE", "https://evil.example/",
        "//evil.example", "/\\evil", "２０２４", "💥", new string('9', 5000),
    ];

    [EngineFact]
    public async Task JunkInAddressesAndTheSignInFormNeverGetsA5xxOrAnError()
    {
        output.WriteLine($"FUZZ_SEED={Seed}");
        var random = new Random(Seed);
        var clients = new[] { app.Client(null), app.Client(Role.Viewer), app.Client(Role.Editor), app.Client(Role.Admin) };
        var statuses = new Dictionary<HttpStatusCode, int>();
        const int Addresses = 1500, SignIns = 400;

        for (var i = 0; i < Addresses; i++)
        {
            var query = string.Join("&", Enumerable.Range(0, random.Next(1, 4)).Select(_ =>
                $"{Parameters[random.Next(Parameters.Length)]}={Junk[random.Next(Junk.Length)]}"));
            var address = $"{Pages[random.Next(Pages.Length)]}?{query}";
            using var response = await clients[random.Next(clients.Length)].GetAsync(address);
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for GET {address}");
        }

        using var anonymous = app.App.CreateClient(new() { AllowAutoRedirect = false });
        for (var i = 0; i < SignIns; i++)
        {
            var userName = random.Next(4) == 0 ? new string('用', 300_000) : Junk[random.Next(Junk.Length)] + random.Next();
            var password = Junk[random.Next(Junk.Length)];
            if (random.Next(5) == 0)
            {
                // A post without the form's antiforgery token (a forged request): refused, never a 5xx.
                using var forged = await anonymous.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["_handler"] = "signin", ["Input.UserName"] = userName, ["Input.Password"] = password,
                }));
                Assert.True((int)forged.StatusCode is >= 400 and < 500, $"{(int)forged.StatusCode} for a sign-in without a token");
                continue;
            }
            using var response = await Browsing.SignInAsync(anonymous, userName, password);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // Refused in words that say nothing about which names exist: wrong, or (after many failures from this address) wait.
            var page = await response.Content.ReadAsStringAsync();
            Assert.True(page.Contains("用户名或密码不正确") || page.Contains("登录失败次数过多，请于"), "a junk sign-in was not refused in words");
        }

        Assert.DoesNotContain(app.App.Log, line => line.StartsWith("Error") || line.StartsWith("Critical"));
        output.WriteLine($"{Addresses} addresses ({string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key}: {s.Value}"))}), {SignIns} sign-ins; no 5xx, no error logged");
        foreach (var client in clients) client.Dispose();
    }

    [EngineTheory]
    [InlineData("/?year=abc")]
    [InlineData("/?year=<script>")]
    [InlineData("/present?interval=x&slide=１&year=2024.5")]
    [InlineData("/figures/edit?year=99999999999999999999")]
    [InlineData("/reports/edit?year=NaN")]
    [InlineData("/targets/edit?year=")]
    public async Task ANumberInTheAddressThatIsNotANumberIsIgnored(string address)
    {
        using var client = app.Client(Role.Admin);

        using var response = await client.GetAsync(address);

        // Found by the fuzzing above: Blazor's own conversion threw on these (a 500); now they mean "not given".
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("2024", await response.Content.ReadAsStringAsync());
    }
}
