using Dapper;
using Dashboard.Data;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>
/// Text from the catalog reaches the charts' legend and tooltips, which ApexCharts writes as HTML. An indicator named
/// like markup (once a catalog editor exists, anyone with the right can name one) must show as text, never as markup —
/// the Content-Security-Policy stopping its script is a second wall, not the first.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ChartTextTests(BrowserFixture browser)
{
    private const string Markup = "<img src=x class=injected onerror=alert(1)>行政复议";

    [Fact]
    public async Task AnIndicatorNamedLikeMarkupShowsAsTextInTheLegendAndTooltip()
    {
        await using var app = new DashboardApp(sampleData: true, kestrel: true);
        app.StartServer();
        await using (var connection = await app.Services.GetRequiredService<DashboardDb>().OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE indicators SET name = @Markup WHERE code = 'administrative_reconsideration_cases'", new { Markup });
        }
        var page = await browser.OpenAsync(app.BaseAddress, "/?year=2024");
        var chart = page.Locator("#chart-administrative_disputes");
        await chart.ScrollIntoViewIfNeededAsync();
        await Expect(chart.Locator(".apexcharts-legend")).ToContainTextAsync(Markup);

        await chart.Locator(".apexcharts-bar-area").First.HoverAsync();
        await Expect(chart.Locator(".apexcharts-tooltip")).ToContainTextAsync(Markup);

        Assert.Equal(0, await page.Locator("img.injected").CountAsync());
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// With one year of figures a chart draws the indicators as bars, named on the axis: the tooltip's title is the
    /// name. On the dashboard and on the indicator's own page it shows as text (it once made an element).
    /// </summary>
    [Theory]
    [InlineData("/", "#chart-petitions_handled")]
    [InlineData("/indicators/petitions_handled", ".indicator-page__chart")]
    public async Task AnIndicatorNamedLikeMarkupShowsAsTextInTheTooltipTitleOfAYearsBars(string path, string chartSelector)
    {
        const string name = "信访<img src=x id=xss1>";
        await using var app = new DashboardApp(kestrel: true);
        app.StartServer();
        await using (var connection = await app.Services.GetRequiredService<DashboardDb>().OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE indicators SET name = @name WHERE code = 'petitions_handled'", new { name });
        }
        var page = await browser.OpenAsync(app.BaseAddress, path);
        var chart = page.Locator(chartSelector);
        await chart.ScrollIntoViewIfNeededAsync();
        await Expect(chart.Locator(".apexcharts-bar-area, .apexcharts-radialbar-area, .apexcharts-pie-area").First).ToBeVisibleAsync();

        await chart.Locator(".apexcharts-bar-area, .apexcharts-radialbar-area, .apexcharts-pie-area").First.HoverAsync();

        await Expect(chart.Locator(".apexcharts-tooltip")).ToContainTextAsync("信访");
        Assert.Equal(0, await page.Locator("#xss1").CountAsync());
        await page.Context.CloseAsync();
    }
}
