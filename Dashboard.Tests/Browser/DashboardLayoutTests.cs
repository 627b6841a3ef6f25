using Dapper;
using Dashboard.Data;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>What a first-time user noticed on the dashboard's layout.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardLayoutTests(BrowserFixture browser)
{
    [Fact]
    public async Task TilesLineUpWhenSomeCarryATargetAndRateAxesStartAtZero()
    {
        await using var app = new DashboardApp(sampleData: true, kestrel: true);
        app.StartServer();
        await using (var connection = await app.Services.GetRequiredService<DashboardDb>().OpenAsync())
        {
            await connection.ExecuteAsync("""
                INSERT INTO targets (organization_id, indicator_id, year, comparator, value)
                SELECT 1, id, 2024, 'GreaterOrEqual', 95 FROM indicators WHERE code = 'mediation_success_rate'
                """);
        }
        var page = await browser.OpenAsync(app.BaseAddress, "/?year=2024");
        await Expect(page.Locator("#tile-mediation_success_rate .kpi-tile__target")).ToContainTextAsync("目标");

        // Tiles of one row: name beside name, value beside value.
        var tops = await page.EvaluateAsync<double[][]>("""
            () => [...document.querySelectorAll('.kpi-tile')].map(t => [t.getBoundingClientRect().top,
              t.querySelector('.kpi-tile__name').getBoundingClientRect().top, t.querySelector('.kpi-tile__value').getBoundingClientRect().top])
            """);
        foreach (var row in tops.GroupBy(t => Math.Round(t[0])))
        {
            Assert.Single(row.Select(t => Math.Round(t[1])).Distinct());
            Assert.Single(row.Select(t => Math.Round(t[2])).Distinct());
        }

        var rateChart = page.Locator("#chart-mediation_success_rate");
        await rateChart.ScrollIntoViewIfNeededAsync();
        await Expect(rateChart.Locator(".apexcharts-yaxis-label tspan").Last).ToHaveTextAsync("0.0");
        await page.Context.CloseAsync();
    }

    /// <summary>Whether every chart has been drawn again at the width its element has now (ApexCharts follows its element's size).</summary>
    private const string ChartsDrawnAtTheirWidth = """
        () => [...document.querySelectorAll('.yoy-chart .apex-chart')].every(element => {
          const svg = element.querySelector('svg.apexcharts-svg');
          return svg && Math.abs(Number(svg.getAttribute('width')) - element.getBoundingClientRect().width) < 1.5;
        })
        """;

    /// <summary>
    /// Each chart card as laid out: its row (top), its height, the width inside its padding and the chart's width, and
    /// the space between the chart and the card's padding below it; the height of a printed page's area (A4 landscape,
    /// less the margins of app.css's @page) and the gap between rows of cards.
    /// </summary>
    private const string ChartCards = """
        () => {
          const cards = [...document.querySelectorAll('.yoy-chart')].map(card => {
            const box = card.getBoundingClientRect();
            const style = getComputedStyle(card);
            const chart = card.querySelector('svg.apexcharts-svg').getBoundingClientRect();
            const inside = px => parseFloat(style[px]);
            return {
              id: card.id, top: Math.round(box.top), height: box.height, chartWidth: chart.width,
              width: box.width - inside('paddingLeft') - inside('paddingRight') - inside('borderLeftWidth') - inside('borderRightWidth'),
              below: box.bottom - inside('paddingBottom') - inside('borderBottomWidth') - chart.bottom,
            };
          });
          const ruler = document.createElement('div');
          ruler.style.height = '184mm';
          document.body.append(ruler);
          const page = ruler.getBoundingClientRect().height;
          ruler.remove();
          return { cards, page, gap: parseFloat(getComputedStyle(document.querySelector('.chart-grid')).rowGap) };
        }
        """;

    private sealed class ChartCard
    {
        public string Id { get; init; } = "";
        public double Top { get; init; }
        public double Height { get; init; }
        public double ChartWidth { get; init; }
        public double Width { get; init; }
        public double Below { get; init; }
    }

    private sealed class ChartLayout
    {
        public ChartCard[] Cards { get; init; } = [];
        public double Page { get; init; }
        public double Gap { get; init; }
    }

    [Theory]
    [InlineData(1920, 1080)]
    [InlineData(1366, 768)]
    public async Task PrintedChartsFillTheirCardsTwoToARowAndTwoRowsToAPage(int width, int height)
    {
        var watched = await browser.OpenAsync("/?year=2024", width, height);
        var page = watched.Page;
        var charts = await page.Locator(".yoy-chart").CountAsync();
        await Expect(page.Locator(".apex-chart[data-drawn=true]")).ToHaveCountAsync(charts);
        // Printed as the user prints (Ctrl+P): the charts as they were drawn for the screen, scaled to the paper.
        var asDrawnForTheScreen = PageCount(await page.PdfAsync(new() { PreferCSSPageSize = true }));

        // The same laid out for print, where the charts are drawn again at their printed size.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await page.WaitForFunctionAsync(ChartsDrawnAtTheirWidth);
        var layout = await page.EvaluateAsync<ChartLayout>(ChartCards);
        var asDrawnForPrint = PageCount(await page.PdfAsync(new() { PreferCSSPageSize = true, Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"dashboard-print-{width}x{height}.pdf") }));

        Assert.Equal(charts, layout.Cards.Length);
        foreach (var card in layout.Cards)
        {
            // The chart spans its card, and the card ends with it: it kept the screen's height, the chart in its top half.
            Assert.True(card.ChartWidth >= card.Width - 1, $"{card.Id}: the chart is {card.ChartWidth:0}px wide in a card {card.Width:0}px wide");
            Assert.True(card.Below <= 1, $"{card.Id}: {card.Below:0}px of the card empty under its chart");
            Assert.True(card.Height <= (layout.Page - layout.Gap) / 2, $"{card.Id}: {card.Height:0}px tall, two rows of cards do not fit a page of {layout.Page:0}px");
        }
        // Two to a row (the last may be alone).
        var rows = layout.Cards.GroupBy(card => card.Top).Select(row => row.Count()).ToList();
        Assert.All(rows.SkipLast(1), count => Assert.Equal(2, count));
        // A chart drawn for the screen takes no more paper than one drawn for print.
        Assert.Equal(asDrawnForPrint, asDrawnForTheScreen);
        Assert.Empty(watched.ConsoleErrors);
        await page.Context.CloseAsync();
    }

    private static int PageCount(byte[] pdf) =>
        System.Text.RegularExpressions.Regex.Matches(System.Text.Encoding.Latin1.GetString(pdf), @"/Type\s*/Page[^s]").Count;

    /// <summary>Every line of text of every tile that runs past the tile's padding (into its border, or beyond).</summary>
    private const string TextPastTheTilesPadding = """
        () => [...document.querySelectorAll('.kpi-tile')].flatMap(tile => {
          const box = tile.getBoundingClientRect();
          const style = getComputedStyle(tile);
          const edge = box.right - parseFloat(style.borderRightWidth) - parseFloat(style.paddingRight);
          const problems = [];
          const walker = document.createTreeWalker(tile, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            // The badge (暂定, 示例数据) sits in the tile's corner by design.
            if (!node.textContent.trim() || node.parentElement.closest('.kpi-tile__badge')) continue;
            const range = document.createRange();
            range.selectNodeContents(node);
            for (const line of range.getClientRects()) {
              if (line.right > edge + 0.5) problems.push(`${tile.id}: “${node.textContent.trim()}” reaches ${Math.round(line.right)}, past ${Math.round(edge)}`);
            }
          }
          return problems;
        })
        """;

    [Theory]
    [InlineData(1920, 1080)]
    [InlineData(1366, 768)]
    [InlineData(390, 844)]
    public async Task AProvisionalChangeWrapsInsideItsTileInsteadOfRunningIntoItsEdge(int width, int height)
    {
        await using var app = new DashboardApp(sampleData: true, kestrel: true);
        app.StartServer();
        await using (var connection = await app.Services.GetRequiredService<DashboardDb>().OpenAsync())
        {
            // The year's figures entered but not yet published, two of them far from last year's.
            await connection.ExecuteAsync("UPDATE figures SET status = 'Provisional' WHERE organization_id = 1 AND year = 2024");
            await connection.ExecuteAsync("""
                UPDATE figures SET value = value + 1000 WHERE organization_id = 1 AND year = 2024
                  AND indicator_id IN (SELECT id FROM indicators WHERE code IN ('registered_mental_patients', 'disputes_mediated'))
                """);
        }
        await app.AddUserAsync("clerk", Role.Editor, "browser-password-1");
        var context = await browser.Browser.NewContextAsync(new() { Locale = "zh-CN", ViewportSize = new() { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, app.BaseAddress, "clerk", "browser-password-1", "/?year=2024");
        await Expect(page.Locator("#tile-registered_mental_patients .kpi-tile__change")).ToContainTextAsync("较2023年 +1004名");
        await Expect(page.Locator("#tile-registered_mental_patients .kpi-tile__provisional")).ToHaveTextAsync("（暂定）");

        var problems = await page.EvaluateAsync<string[]>(TextPastTheTilesPadding);

        await page.Locator(".kpi-grid").ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"tiles-provisional-{width}x{height}.png") });
        Assert.True(problems.Length == 0, string.Join("\n", problems));
        await context.CloseAsync();
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/figures/edit")]
    [InlineData("/admin/users")]
    public async Task OnAPhoneTheMenuOfASignedInAdministratorCoversNothingAndEveryItemCanBeReached(string path)
    {
        var name = $"u{Guid.NewGuid():N}"[..12];
        await browser.App.AddUserAsync(name, Dashboard.Data.Users.Role.Admin, "browser-password-1");
        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, browser.App.BaseAddress, name, "browser-password-1", path);

        // The page's first line starts below the bar (nine menu items do not fit one phone line: they wrapped over the heading).
        var edges = await page.EvaluateAsync<double[]>("""
            () => [document.querySelector('.app-bar').getBoundingClientRect().bottom,
                   document.querySelector('.app-main .app-container').firstElementChild.getBoundingClientRect().top]
            """);
        var (barBottom, contentTop) = (edges[0], edges[1]);
        Assert.True(contentTop >= barBottom, $"{path}: the page begins at {contentTop}px, under the bar that ends at {barBottom}px");
        // The last item is reached by scrolling the menu sideways, and then it is on the screen, inside the bar.
        var last = page.Locator(".appbar-user button", new() { HasText = "退出" });
        await last.ScrollIntoViewIfNeededAsync();
        var box = (await last.BoundingBoxAsync())!;
        Assert.InRange(box.X + box.Width, 0, 390);
        Assert.InRange(box.Y + box.Height, 0, barBottom);
        await context.CloseAsync();
    }
}
