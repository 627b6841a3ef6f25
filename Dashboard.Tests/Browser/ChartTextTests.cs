using Dapper;
using Dashboard.Data;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
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
}
