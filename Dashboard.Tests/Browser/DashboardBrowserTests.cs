using Dashboard.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class DashboardBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task TheDashboardBecomesInteractiveDrawsItsChartsAndLoadsNothingFromOutside()
    {
        var watched = await browser.OpenAsync("/");
        var page = watched.Page;

        await Expect(page.Locator("#chart-disputes_mediated .apexcharts-svg")).ToBeVisibleAsync();
        await Expect(page.Locator("#chart-safety_outreach_events .apexcharts-datalabels").First).ToBeVisibleAsync();
        await Expect(page.Locator(".kpi-tile").First).ToBeVisibleAsync();
        // Labels a person can read: the 2024 total is written as the report writes it, at a real size.
        var total = page.Locator("#chart-safety_outreach_events .apexcharts-datalabels text", new() { HasText = "524余" });
        await Expect(total).ToBeVisibleAsync();
        Assert.True(float.Parse((await total.GetAttributeAsync("font-size"))!.Replace("px", "")) >= 11);

        Directory.CreateDirectory(BrowserFixture.ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "dashboard-1920x1080.png") });
        Assert.Empty(watched.ExternalRequests);
        Assert.Empty(watched.ConsoleErrors);

        var laptop = await browser.OpenAsync("/", 1366, 768);
        await Expect(laptop.Page.Locator("#chart-disputes_mediated .apexcharts-datalabels").First).ToBeVisibleAsync();
        await laptop.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "dashboard-1366x768.png") });
        Assert.Empty(laptop.ExternalRequests);
        Assert.Empty(laptop.ConsoleErrors);

        var wall = await browser.OpenAsync("/", 3840, 2160);
        await Expect(wall.Page.Locator("#chart-disputes_mediated .apexcharts-datalabels").First).ToBeVisibleAsync();
        await wall.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "dashboard-3840x2160.png") });
        Assert.Empty(wall.ExternalRequests);
        Assert.Empty(wall.ConsoleErrors);
    }

    [Fact]
    public async Task ClickingAFigureInTheReportHighlightsItsChartPoint()
    {
        var watched = await browser.OpenAsync("/");
        var page = watched.Page;
        await Expect(page.Locator("#chart-disputes_mediated .apexcharts-svg")).ToBeVisibleAsync();

        await page.Locator("mark[data-indicator=disputes_mediated]").ClickAsync();

        await Expect(page.Locator("#chart-disputes_mediated")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("is-highlighted"));
        await Expect(page.Locator("#chart-disputes_mediated .apex-chart__focus")).ToHaveCountAsync(1);
        await Expect(page.Locator("#tile-disputes_mediated")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("is-highlighted"));
        Assert.Empty(watched.ConsoleErrors);
    }

    [Fact]
    public async Task ClickingAFigureFarDownTheReportBringsItsChartIntoView()
    {
        var watched = await browser.OpenAsync("/");
        var page = watched.Page;
        var chart = page.Locator("#chart-legal_outreach_materials");
        await Expect(chart.Locator(".apexcharts-svg")).ToBeAttachedAsync();
        await Expect(chart).Not.ToBeInViewportAsync();

        await page.Locator("mark[data-indicator=legal_outreach_materials]").ClickAsync();

        await Expect(chart).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("is-highlighted"));
        await Expect(chart).ToBeInViewportAsync();
        Assert.Empty(watched.ConsoleErrors);
    }

    [Fact]
    public async Task ClickingAChartPointHighlightsTheSentenceItCameFrom()
    {
        var watched = await browser.OpenAsync("/");
        var page = watched.Page;
        var latestBar = page.Locator("#chart-disputes_mediated .apexcharts-series path[j='3']");
        await Expect(latestBar).ToBeVisibleAsync();

        await latestBar.ClickAsync();

        var sentence = page.Locator(".sentence.is-focused");
        await Expect(sentence).ToHaveCountAsync(1);
        await Expect(sentence).ToContainTextAsync("共排查调处化解民间矛盾纠纷811件");
        await Expect(sentence).ToBeInViewportAsync();
        Assert.Empty(watched.ConsoleErrors);
    }

    [Fact]
    public async Task TheRealStateWithOneYearDrawsEveryChartBesideItsFigures()
    {
        await using var app = new DashboardApp(sampleData: false, kestrel: true);
        app.StartServer();
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.BaseAddress + "/");
        await page.Locator("[data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

        await Expect(page.Locator(".single-year").First).ToBeVisibleAsync();
        // One year is still a chart per card (gauge, donut or bars), never an empty axis: every card draws its year.
        var cards = await page.Locator(".yoy-chart").CountAsync();
        await Expect(page.Locator(".yoy-chart .apex-chart[data-drawn=true] .apexcharts-svg")).ToHaveCountAsync(cards);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "dashboard-one-year-1920x1080.png"), FullPage = true });
        await context.DisposeAsync();
    }
}
