using System.Diagnostics;
using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Dashboard.Tests.Support.Actors;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>
/// The wall screen after a crash: the app runs as its own process, is killed outright (SIGKILL), and started again
/// on the same address. With nobody touching the screen, the deck must be back on the same slide with live data
/// within 10 s of the server being ready. Retry timings are shortened by configuration, not waited out.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PresentRecoveryTests(BrowserFixture browser, ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> QuickRetries = new()
    {
        ["Connection:RetrySeconds"] = "0.2",
        ["Connection:StartTimeoutSeconds"] = "3",
    };

    /// <summary>Blazor's default: 30 attempts (0 s ×10, 5 s ×10, 30 s ×10 — about six minutes), then it gives up.</summary>
    private const int DefaultAttempts = 30;

    private const string Path = "/present?slides=title,public_safety,report&slide=2&interval=3600";

    [Fact]
    public async Task AfterAShortOutageTheDeckIsBackOnItsSlideWithLiveData()
    {
        await using var app = new AppProcess(QuickRetries);
        await app.StartAsync();
        var page = await OpenLiveAsync(app);

        await app.KillAsync();
        await Expect(page.Locator("#connection-badge")).ToBeVisibleAsync();
        await Expect(page.Locator(".deck-figure__value").First).ToBeVisibleAsync();   // the last content stays
        // The badge leaves the slide number readable.
        Assert.False(await page.EvaluateAsync<bool>("""
            () => {
              const a = document.getElementById('connection-badge').getBoundingClientRect();
              const b = document.querySelector('.deck__number').getBoundingClientRect();
              return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
            }
            """), "the connection badge covers the slide number");

        await RestartAndExpectBackAsync(app, page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AfterAnOutageLongerThanTheDefaultRetriesTheDeckStillComesBack()
    {
        await using var app = new AppProcess(QuickRetries);
        await app.StartAsync();
        var page = await OpenLiveAsync(app);

        await app.KillAsync();
        // More failed attempts than Blazor's default reconnection makes before giving up for good.
        await page.WaitForFunctionAsync(
            $"() => Number(document.getElementById('connection-badge').dataset.attempts) > {DefaultAttempts + 10}",
            null, new() { Timeout = 60_000 });
        await Expect(page.Locator("#connection-badge")).ToContainTextAsync("正在重新连接");

        await RestartAndExpectBackAsync(app, page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WhenTheServerDiesWhileTheCircuitIsStartingThePageRecoversByItself()
    {
        await using var app = new AppProcess(QuickRetries);
        await app.StartAsync();
        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();

        // Hold the circuit's first request until the server is dead, then let it fail.
        var negotiating = new TaskCompletionSource();
        var killed = new TaskCompletionSource();
        await page.RouteAsync("**/_blazor/negotiate**", async route =>
        {
            negotiating.TrySetResult();
            await killed.Task;
            await route.AbortAsync();
        });
        await page.GotoAsync(app.BaseAddress + Path);
        await negotiating.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await app.KillAsync();
        killed.SetResult();
        await page.UnrouteAllAsync(new() { Behavior = UnrouteBehavior.IgnoreErrors });
        await Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(0);
        await Expect(page.Locator("#connection-badge")).ToBeVisibleAsync(new() { Timeout = 15_000 });

        await RestartAndExpectBackAsync(app, page);
        await context.CloseAsync();
    }

    [Fact]
    public async Task TheDeckComesBackWhileTheServerReportsItselfUnhealthy()
    {
        // The daily backup cannot be written (a file where its folder should be): /healthz answers 503 from the start.
        await using var app = new AppProcess(new Dictionary<string, string>(QuickRetries) { ["Backup:Folder"] = "not-a-folder/backups" });
        await File.WriteAllTextAsync(System.IO.Path.Combine(app.DataFolder, "not-a-folder"), "");
        await app.StartAsync(healthy: false);
        var page = await OpenLiveAsync(app);

        await app.KillAsync();
        await Expect(page.Locator("#connection-badge")).ToBeVisibleAsync();
        await app.StartAsync(healthy: false);

        // Any answer of the app means it is back: the screen does not wait for a backup to succeed.
        await Expect(page.Locator("#connection-badge")).ToBeHiddenAsync(new() { Timeout = 10_000 });
        await Expect(page.Locator(".deck")).ToHaveAttributeAsync("data-slide", "public_safety", new() { Timeout = 10_000 });
        await page.Locator("[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 10_000 });
        await page.Context.CloseAsync();
    }

    private async Task<IPage> OpenLiveAsync(AppProcess app)
    {
        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.BaseAddress + Path);
        await page.Locator("[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Expect(page.Locator(".deck")).ToHaveAttributeAsync("data-slide", "public_safety");
        return page;
    }

    /// <summary>Starts the app again and expects, within 10 s of it being ready, the same slide, live.</summary>
    private async Task RestartAndExpectBackAsync(AppProcess app, IPage page)
    {
        await app.StartAsync();
        var ready = Stopwatch.StartNew();
        var within = new LocatorAssertionsToBeHiddenOptions { Timeout = 10_000 };
        await Expect(page.Locator("#connection-badge")).ToBeHiddenAsync(within);
        await page.Locator("[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 10_000 });
        await Expect(page.Locator(".deck")).ToHaveAttributeAsync("data-slide", "public_safety", new() { Timeout = 10_000 });
        output.WriteLine($"server ready → deck back on its slide and live: {ready.ElapsedMilliseconds} ms");

        await ExpectLiveAsync(new DashboardDb(app.DatabasePath), page, "恢复测试");
    }

    /// <summary>
    /// Live: a figure written to the database now (by this process, as an import would) appears on the deck's
    /// public-safety slide within 10 s.
    /// </summary>
    internal static async Task ExpectLiveAsync(DashboardDb db, IPage page, string author)
    {
        var catalog = new CatalogQueries(db);
        var organization = (await catalog.GetOrganizationAsync("luoxing"))!;
        var indicator = (await catalog.GetIndicatorAsync("registered_drug_users"))!;
        var current = (await new FigureQueries(db).GetFiguresAsync(organization.Id, 2024, Reader.System("测试"))).Single(f => f.IndicatorId == indicator.Id);
        var saved = await new FigureCommands(db, TimeProvider.System).SaveAsync(new FigureSave
        {
            OrganizationId = organization.Id, IndicatorId = indicator.Id, Year = 2024, Value = current.Value + 1, Qualifier = Qualifier.Exact,
            Status = current.Status, SourceText = current.SourceText, Note = current.Note, ExpectedVersion = current.Version, Reason = author,
        }, Writer(author));
        Assert.True(saved.Succeeded);
        await Expect(page.Locator(".deck-figure[data-indicator=registered_drug_users] .deck-figure__value"))
            .ToHaveTextAsync($"{current.Value + 1:0}人", new() { Timeout = 10_000 });
    }
}
