using System.Diagnostics;
using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Dashboard.Tests.Support.Actors;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class PresentBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    /// <summary>The smallest font size of any visible text (HTML and the charts' SVG), and the text it belongs to.</summary>
    private const string SmallestText = """
        () => {
          let min = Infinity, what = '';
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const element = node.parentElement;
            if (!node.textContent.trim() || !element || element.closest('#connection-badge, script, style')) continue;
            const box = element.getBoundingClientRect();
            const style = getComputedStyle(element);
            if (box.width === 0 || box.height === 0 || style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
            const size = parseFloat(style.fontSize);
            if (size < min) { min = size; what = node.textContent.trim().slice(0, 40); }
          }
          return [min, what];
        }
        """;

    /// <summary>What is out of place on the slide: panels reaching into the footer, figures on more than one line.</summary>
    private const string Layout = """
        () => {
          const problems = [];
          const footer = document.querySelector('.deck__footer').getBoundingClientRect();
          for (const panel of document.querySelectorAll('.slide__chart, .deck-figure, .slide__sentence, .slide__bar, .slide__progress-item')) {
            if (panel.getBoundingClientRect().bottom > footer.top + 1) problems.push(`${panel.className} reaches into the footer`);
          }
          for (const value of document.querySelectorAll('.deck-figure__value, .nobr')) {
            const lineHeight = parseFloat(getComputedStyle(value).fontSize) * 1.7;
            if (value.getClientRects().length > 1 || value.getBoundingClientRect().height > lineHeight) problems.push(`“${value.textContent}” breaks across lines`);
            if (value.scrollWidth > value.clientWidth + 1 && value.classList.contains('deck-figure__value')) problems.push(`“${value.textContent}” overflows its card`);
          }
          return problems;
        }
        """;

    /// <summary>
    /// The completeness slide's rows: the share of the slide's body (heading to footer) and of its width they take, and
    /// any name, count or state cut short.
    /// </summary>
    private const string ProgressSpread = """
        () => {
          const heading = document.querySelector('.slide__heading').getBoundingClientRect();
          const footer = document.querySelector('.deck__footer').getBoundingClientRect();
          const canvas = document.querySelector('.deck__canvas').getBoundingClientRect();
          const rows = [...document.querySelectorAll('.slide__progress-item')].map(row => row.getBoundingClientRect());
          const top = Math.min(...rows.map(r => r.top)), bottom = Math.max(...rows.map(r => r.bottom));
          const left = Math.min(...rows.map(r => r.left)), right = Math.max(...rows.map(r => r.right));
          const cut = [...document.querySelectorAll('.slide__progress-name, .slide__progress-count, .slide__progress-state')]
            .filter(text => text.scrollWidth > text.clientWidth + 1).map(text => text.textContent);
          return { rows: rows.length, height: (bottom - top) / (footer.top - heading.bottom), width: (right - left) / canvas.width, cut };
        }
        """;

    private static ILocator Deck(IPage page) => page.Locator(".deck");

    /// <summary>Waits until the deck listens to keys (its module loads after the circuit's first render).</summary>
    private static Task KeysReadyAsync(IPage page) => page.Locator(".deck[data-keys=ready]").WaitForAsync();

    [Theory]
    [InlineData(1920, 1080)]
    [InlineData(3840, 2160)]
    public async Task EverySlideFillsTheScreenWithoutScrollbarsAndNoTextBelowTwoPercentOfItsHeight(int width, int height)
    {
        var watched = await browser.OpenAsync("/present?interval=3600", width, height);
        var page = watched.Page;
        await KeysReadyAsync(page);
        var count = int.Parse((await page.Locator(".deck__number").TextContentAsync())!.Split('/')[1].Trim());
        Assert.True(count >= 3);

        for (var number = 1; number <= count; number++)
        {
            await Expect(Deck(page)).ToHaveAttributeAsync("data-slide-number", number.ToString());
            if (await page.Locator(".slide__chart").CountAsync() > 0)
            {
                // Drawn and settled: the data labels appear once the bars have grown (a screenshot before shows them half-grown).
                await page.Locator(".slide__chart .apex-chart[data-drawn=true]").WaitForAsync();
            }
            var scroll = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight, innerWidth, innerHeight]");
            Assert.True(scroll[0] <= scroll[2] && scroll[1] <= scroll[3], $"slide {number} scrolls at {width}×{height}: {string.Join(",", scroll)}");
            var smallest = await page.EvaluateAsync<System.Text.Json.JsonElement>(SmallestText);
            var size = smallest[0].GetDouble();
            Assert.True(size >= 0.02 * height, $"slide {number} at {width}×{height}: “{smallest[1].GetString()}” is {size}px, below 2% of {height}px");
            // Nothing reaches into the footer (the slide number), and no figure is broken across lines (524余 / 场).
            var layout = await page.EvaluateAsync<string[]>(Layout);
            Assert.True(layout.Length == 0, $"slide {number} at {width}×{height}: {string.Join("; ", layout)}");
            var slide = await Deck(page).GetAttributeAsync("data-slide");
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"present-{width}x{height}-{number:00}-{slide}.png") });
            await page.Keyboard.PressAsync("ArrowRight");
        }
        await Expect(Deck(page)).ToHaveAttributeAsync("data-slide-number", "1");
        Assert.Empty(watched.ConsoleErrors);
        Assert.Empty(watched.ExternalRequests);
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(1920, 1080, 3)]
    [InlineData(3840, 2160, 3)]
    [InlineData(1920, 1080, 24)]
    [InlineData(3840, 2160, 24)]
    public async Task TheDistrictsCompletenessSlideSpreadsItsStreetsOverTheSlide(int width, int height, int streets)
    {
        await using var app = new DashboardApp(kestrel: true);
        app.StartServer();
        var system = Actor.System("test");
        var organizations = app.Services.GetRequiredService<OrganizationCommands>();
        Assert.Empty(await organizations.AddAsync(new OrganizationSave { Code = "fuling", Name = "涪陵区", Kind = "区" }, system));
        Assert.Empty(await organizations.UpdateAsync("luoxing", new OrganizationSave { Code = "luoxing", Name = "罗星街道", Kind = "街道", ParentCode = "fuling" }, system));
        for (var number = 1; number < streets; number++)
        {
            var name = number % 3 == 0 ? $"第{number}号示范镇" : $"新城{number}街道";
            Assert.Empty(await organizations.AddAsync(new OrganizationSave { Code = $"street{number}", Name = name, Kind = number % 3 == 0 ? "镇" : "街道", ParentCode = "fuling" }, system));
        }
        var context = await browser.Browser.NewContextAsync(new() { Locale = "zh-CN", ViewportSize = new() { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.BaseAddress + "/present?org=fuling&slides=progress&interval=3600");
        await Expect(Deck(page)).ToHaveAttributeAsync("data-slide", "progress");
        await Expect(page.Locator(".slide__progress-item")).ToHaveCountAsync(streets);

        var spread = await page.EvaluateAsync<System.Text.Json.JsonElement>(ProgressSpread);

        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"present-district-progress-{streets}-{width}x{height}.png") });
        // A strip at the top of the slide was all it used: 3 streets took 7 % of its height.
        Assert.True(spread.GetProperty("height").GetDouble() >= 0.4, $"the rows take {spread.GetProperty("height").GetDouble():P0} of the slide's height");
        Assert.True(spread.GetProperty("width").GetDouble() >= 0.9, $"the rows take {spread.GetProperty("width").GetDouble():P0} of the slide's width");
        Assert.Empty(spread.GetProperty("cut").EnumerateArray().Select(text => text.GetString()));
        var scroll = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight, innerWidth, innerHeight]");
        Assert.True(scroll[0] <= scroll[2] && scroll[1] <= scroll[3], $"the slide scrolls: {string.Join(",", scroll)}");
        var smallest = await page.EvaluateAsync<System.Text.Json.JsonElement>(SmallestText);
        Assert.True(smallest[0].GetDouble() >= 0.02 * height, $"“{smallest[1].GetString()}” is {smallest[0].GetDouble()}px, below 2% of {height}px");
        var layout = await page.EvaluateAsync<string[]>(Layout);
        Assert.True(layout.Length == 0, string.Join("; ", layout));
        await context.CloseAsync();
    }

    [Fact]
    public async Task TheKeyboardAndAClickerDriveTheDeckAndEscapeDoesNotLeaveIt()
    {
        var watched = await browser.OpenAsync("/present?interval=3600");
        var page = watched.Page;
        await KeysReadyAsync(page);

        await page.Keyboard.PressAsync("PageDown");
        await Expect(Deck(page)).ToHaveAttributeAsync("data-slide-number", "2");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("slide=2"));
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(Deck(page)).ToHaveAttributeAsync("data-slide-number", "3");
        await page.Keyboard.PressAsync("PageUp");
        await Expect(Deck(page)).ToHaveAttributeAsync("data-slide-number", "2");
        await page.Keyboard.PressAsync("5");
        await Expect(Deck(page)).ToHaveAttributeAsync("data-slide-number", "5");

        await page.Keyboard.PressAsync(" ");
        await Expect(Deck(page)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("is-paused"));
        await page.Keyboard.PressAsync(" ");
        await Expect(Deck(page)).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("is-paused"));

        await page.Keyboard.PressAsync("b");
        await Expect(page.Locator(".deck__blank")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("b");
        await Expect(page.Locator(".deck__blank")).ToBeHiddenAsync();

        await page.Keyboard.PressAsync("f");
        await page.WaitForFunctionAsync("() => document.fullscreenElement !== null");
        await page.Keyboard.PressAsync("f");
        await page.WaitForFunctionAsync("() => document.fullscreenElement === null");

        await page.Keyboard.PressAsync("Escape");
        await Expect(Deck(page)).ToHaveAttributeAsync("data-slide-number", "5");
        Assert.Contains("/present", page.Url);
        // Reloading a bookmark of this moment opens the same slide.
        await page.ReloadAsync();
        await KeysReadyAsync(page);
        await Expect(Deck(page)).ToHaveAttributeAsync("data-slide-number", "5");
        Assert.Empty(watched.ConsoleErrors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheDeckAdvancesByItselfAndWrapsAround()
    {
        var watched = await browser.OpenAsync("/present?slides=title,report,legal_study&interval=2");
        var page = watched.Page;
        var fast = new LocatorAssertionsToHaveAttributeOptions { Timeout = 10_000 };

        await Expect(Deck(page)).ToHaveAttributeAsync("data-slide", "report", fast);
        await Expect(Deck(page)).ToHaveAttributeAsync("data-slide", "legal_study", fast);
        await Expect(Deck(page)).ToHaveAttributeAsync("data-slide", "title", fast);
        await Expect(page.Locator(".deck__progress")).ToHaveAttributeAsync("style", new System.Text.RegularExpressions.Regex("animation-duration: 2s"));
        Assert.Empty(watched.ConsoleErrors);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AFigureSavedElsewhereAppearsOnTheCurrentSlideWithoutLeavingIt()
    {
        var watched = await browser.OpenAsync("/present?slides=title,public_safety&slide=2&interval=3600");
        var page = watched.Page;
        var value = page.Locator(".deck-figure[data-indicator=registered_drug_users] .deck-figure__value");
        await Expect(value).ToHaveTextAsync("79人");
        var navigations = 0;
        page.FrameNavigated += (_, _) => navigations++;

        var services = browser.App.Services;
        var catalog = services.GetRequiredService<CatalogQueries>();
        var organization = (await catalog.GetOrganizationAsync("luoxing"))!;
        var indicator = (await catalog.GetIndicatorAsync("registered_drug_users"))!;
        var current = (await services.GetRequiredService<FigureQueries>().GetFiguresAsync(organization.Id, 2024, Reader.System("测试"))).Single(f => f.IndicatorId == indicator.Id);
        var clock = Stopwatch.StartNew();
        var result = await services.GetRequiredService<FigureCommands>().SaveAsync(new FigureSave
        {
            OrganizationId = organization.Id, IndicatorId = indicator.Id, Year = 2024, Value = 77, Qualifier = Qualifier.Exact,
            Status = current.Status, SourceText = current.SourceText, Note = current.Note, ExpectedVersion = current.Version, Reason = "演示屏测试",
        }, Writer("演示屏测试"));
        Assert.True(result.Succeeded);

        await Expect(value).ToHaveTextAsync("77人");
        output.WriteLine($"save → value on the deck: {clock.ElapsedMilliseconds} ms");
        await Expect(Deck(page)).ToHaveAttributeAsync("data-slide", "public_safety");
        await Expect(page.Locator(".deck__updated")).ToContainTextAsync("更新于");
        Assert.Equal(0, navigations);
        Assert.Empty(watched.ConsoleErrors);
        await page.Context.CloseAsync();
    }
}
