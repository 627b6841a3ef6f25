using System.Diagnostics;
using Dashboard.Data;
using Dashboard.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>
/// Two real app processes on one PostgreSQL database behind a load balancer (YARP with cookie affinity and a health
/// check, <see cref="ProxyHost"/>). The server holding the wall screen's circuit is killed outright (SIGKILL): with
/// nobody touching it, the screen must be back on the same slide, live, on the other server within 10 s.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LoadBalancerBrowserTests(BrowserFixture browser, ITestOutputHelper output) : IOnPostgres
{
    private const string Path = "/present?slides=title,public_safety,report&slide=2&interval=3600";

    [EngineFact]
    public async Task WhenTheServerOfAWallScreenIsKilledTheScreenIsBackOnItsSlideAndLiveOnTheOtherServerWithinTenSeconds()
    {
        var database = TestPostgres.CreateDatabase();
        try
        {
            var settings = new Dictionary<string, string>
            {
                ["ConnectionStrings:Dashboard"] = database,
                ["Connection:RetrySeconds"] = "0.2",
                ["Connection:StartTimeoutSeconds"] = "3",
            };
            await using var server1 = new AppProcess(settings);
            await using var server2 = new AppProcess(settings);
            await server1.StartAsync();
            await server2.StartAsync();
            await using var proxy = await ProxyHost.StartAsync([server1.BaseAddress, server2.BaseAddress]);

            var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 }, Locale = "zh-CN" });
            var page = await context.NewPageAsync();
            var first = proxy.NextCircuitAsync();
            await page.GotoAsync(proxy.BaseAddress + Path);
            await page.Locator("[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await Expect(page.Locator(".deck")).ToHaveAttributeAsync("data-slide", "public_safety");
            var serving = await first;
            var (victim, survivor) = serving == "server1" ? (server1, "server2") : (server2, "server1");

            var next = proxy.NextCircuitAsync();
            var killed = Stopwatch.StartNew();
            await victim.KillAsync();

            // Back: a new live connection, on the other server, the same slide, interactive, no badge — within 10 s.
            Assert.Equal(survivor, await next.WaitAsync(TimeSpan.FromSeconds(10)));
            var remaining = () => (float)Math.Max(1, 10_000 - killed.ElapsedMilliseconds);
            await page.Locator("[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = remaining() });
            await Expect(page.Locator(".deck")).ToHaveAttributeAsync("data-slide", "public_safety", new() { Timeout = remaining() });
            await Expect(page.Locator("#connection-badge")).ToBeHiddenAsync(new() { Timeout = remaining() });
            output.WriteLine($"killed {serving} → back on {survivor}, on its slide and interactive: {killed.ElapsedMilliseconds} ms");

            // Live: a figure saved now (by another program, as an import would) appears on the slide through the survivor.
            await using var db = DashboardDb.FromConnectionString(database, server1.DataFolder);
            await PresentRecoveryTests.ExpectLiveAsync(db, page, "切换测试");
            await context.CloseAsync();
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }
    }
}
