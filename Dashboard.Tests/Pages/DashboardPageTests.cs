using Bunit;
using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Dashboard.Web.Components.Charts;
using Dashboard.Web.Components.Narrative;
using Dashboard.Web.Components.Pages.Home;
using Dashboard.Web.Components.Tiles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using static Dashboard.Tests.Support.Actors;

namespace Dashboard.Tests.Pages;

public sealed class DashboardPageTests
{
    [Fact]
    public async Task ShowsTheHeadlineFiguresOfTheLatestReport()
    {
        await using var context = await PageContext.CreateAsync();

        var page = context.Bunit.Render<DashboardPage>();

        page.WaitForAssertion(() => Assert.Contains("罗星街道 · 2024 年度", page.Find("h1").TextContent));
        Assert.Equal(
            ["811件", "100%", "73件", "7件", "10件", "524余场", "清零", "194名"],
            page.FindAll(".kpi-tile__value").Select(v => v.TextContent));
        Assert.DoesNotContain(page.FindAll(".notice"), alert => alert.TextContent.Contains("示例数据"));
    }

    [Fact]
    public async Task WithOneYearOfFiguresEveryChartDrawsTheYearBesideItsFiguresAsWritten()
    {
        await using var context = await PageContext.CreateAsync();

        var page = context.Bunit.Render<DashboardPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".yoy-chart")));
        Assert.Equal(page.FindAll(".yoy-chart").Count, page.FindAll(".single-year-chart .apex-chart").Count);
        Assert.Equal(page.FindAll(".yoy-chart").Count, page.FindAll(".single-year").Count);
        Assert.Contains("目前只有 2024 年一年的数据", page.Find(".single-year-notice").TextContent);
        Assert.Equal("gauge", page.Find("#chart-mediation_success_rate .single-year-chart").GetAttribute("data-shape"));
        Assert.Equal("donut", page.Find("#chart-safety_outreach_events .single-year-chart").GetAttribute("data-shape"));
        Assert.Equal("bars", page.Find("#chart-administrative_disputes .single-year-chart").GetAttribute("data-shape"));
        Assert.Contains("524余场", page.Find("#chart-safety_outreach_events .single-year").TextContent);
        // Nothing to compare with: said once, not on every tile.
        Assert.DoesNotContain("上年无数据", page.Markup);
    }

    [Fact]
    public async Task WithSampleHistoryTheChartsDrawAndTheSampleIsMarked()
    {
        await using var context = await PageContext.CreateAsync(withSample: true);

        var page = context.Bunit.Render<DashboardPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".apex-chart")));
        Assert.Contains("示例数据", page.Find(".notice").TextContent);
        Assert.Empty(page.FindAll(".single-year-notice"));
        Assert.Contains("示例数据", page.Find("#chart-mediation_success_rate").TextContent);
        Assert.Contains("上年为示例数据", page.Find("#tile-disputes_mediated").TextContent);
        // Real 2024 figures keep their place: the sample never replaced one.
        Assert.Equal("811件", page.Find("#tile-disputes_mediated .kpi-tile__value").TextContent);
    }

    [Fact]
    public async Task ClickingAFigureInTheReportHighlightsItsTileAndChart()
    {
        await using var context = await PageContext.CreateAsync(withSample: true);
        var page = context.Bunit.Render<DashboardPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("mark.figure-mark")));

        ClickFigure(page, "petitions_handled");

        Assert.Contains("is-highlighted", page.Find("#tile-petitions_handled").ClassName);
        Assert.Contains("is-highlighted", page.Find("#chart-petitions_handled").ClassName);
        Assert.DoesNotContain("is-highlighted", page.Find("#tile-disputes_mediated").ClassName);
        Assert.DoesNotContain("is-highlighted", page.Find("#chart-disputes_mediated").ClassName);
    }

    [Fact]
    public async Task WithOneYearClickingAFigureInTheReportHighlightsItsValueInTheChartPanel()
    {
        await using var context = await PageContext.CreateAsync();
        var page = context.Bunit.Render<DashboardPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("mark.figure-mark")));

        ClickFigure(page, "safety_outreach_anti_drug");

        var highlighted = Assert.Single(page.FindAll(".single-year__value.is-highlighted"));
        Assert.Contains("禁毒反邪教宣传", highlighted.TextContent);
        Assert.Contains("is-highlighted", page.Find("#chart-safety_outreach_events").ClassName);
    }

    [Fact]
    public async Task ClickingATileHighlightsTheSentenceItCameFrom()
    {
        await using var context = await PageContext.CreateAsync();
        var page = context.Bunit.Render<DashboardPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".kpi-tile")));

        page.Find("#tile-petitions_handled").Click();

        var sentence = Assert.Single(page.FindAll(".sentence.is-focused"));
        Assert.Contains("处理信访事件73件", sentence.TextContent);
        Assert.Contains("is-focused", page.Find("mark[data-indicator=petitions_handled]").ClassName);
    }

    [Fact]
    public async Task AFigureCorrectedAfterPublicationShowsBothValuesInTheText()
    {
        await using var context = await PageContext.CreateAsync();
        var organization = (await new CatalogQueries(context.Database.Db).GetOrganizationAsync("luoxing"))!;
        var petitions = (await new FigureQueries(context.Database.Db).GetFiguresAsync(organization.Id, 2024, Reader.System("测试"))).Single(f => f.IndicatorCode == "petitions_handled");
        await new FigureCommands(context.Database.Db, TimeProvider.System).SaveAsync(new FigureSave
        {
            OrganizationId = organization.Id, IndicatorId = petitions.IndicatorId, Year = 2024, Value = 75, Qualifier = Qualifier.Exact,
            Status = FigureStatus.Published, SourceText = petitions.SourceText, ExpectedVersion = petitions.Version, Reason = "补录",
        }, Writer("张三"));

        var page = context.Bunit.Render<DashboardPage>();

        page.WaitForAssertion(() => Assert.Equal("（现为 75件）", page.Find(".figure-corrected").TextContent));
        Assert.Equal("处理信访事件73件", page.Find("mark[data-indicator=petitions_handled]").TextContent);
        Assert.Equal("75件", page.Find("#tile-petitions_handled .kpi-tile__value").TextContent);
    }

    [Fact]
    public async Task TheYearDefaultsToTheLatestWithFiguresAndAnEarlierYearCanBeChosen()
    {
        await using var context = await PageContext.CreateAsync(withSample: true);
        var navigation = context.Bunit.Services.GetRequiredService<NavigationManager>();
        var page = context.Bunit.Render<DashboardPage>();
        page.WaitForAssertion(() => Assert.Contains("2024 年度", page.Find("h1").TextContent));

        // What the year picker does: put the year in the address, so the view can be bookmarked.
        navigation.NavigateTo(navigation.GetUriWithQueryParameter("year", 2022));

        page.WaitForAssertion(() => Assert.Contains("2022 年度", page.Find("h1").TextContent));
        Assert.Equal("745件", page.Find("#tile-disputes_mediated .kpi-tile__value").TextContent);
        Assert.Contains("2022 年度没有报告正文", page.Find("#narrative").TextContent);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(Dashboard.Data.Users.Role.Viewer, true)]
    public async Task AProvisionalFigureIsShownOnlyToSignedInUsers(Dashboard.Data.Users.Role? role, bool shown)
    {
        await using var context = await PageContext.CreateAsync();
        var organization = (await new CatalogQueries(context.Database.Db).GetOrganizationAsync("luoxing"))!;
        var petitions = (await new CatalogQueries(context.Database.Db).GetIndicatorAsync("petitions_handled"))!;
        await new FigureCommands(context.Database.Db, TimeProvider.System).SaveAsync(new FigureSave
        {
            OrganizationId = organization.Id, IndicatorId = petitions.Id, Year = 2025, Value = 987,
            Qualifier = Qualifier.Exact, Status = FigureStatus.Provisional,
        }, Writer("editor"));
        if (role is { } r) await context.SignInAsync("leader", r);

        var page = context.Bunit.Render<DashboardPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".kpi-tile")));
        Assert.Equal(shown, page.Markup.Contains("987件"));
        Assert.Contains(shown ? "2025 年度" : "2024 年度", page.Find("h1").TextContent);
    }

    [Fact]
    public async Task AFigureSavedElsewhereAppearsInPlaceAndLightsUp()
    {
        await using var context = await PageContext.CreateAsync(withSample: true);
        await context.WatchForChangesAsync();
        var navigation = context.Bunit.Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(navigation.GetUriWithQueryParameter("year", 2024));
        var page = context.Bunit.Render<DashboardPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".kpi-tile")));
        ClickFigure(page, "disputes_mediated");

        var petitions = (await new FigureQueries(context.Database.Db).GetFiguresAsync(
            (await new CatalogQueries(context.Database.Db).GetOrganizationAsync("luoxing"))!.Id, 2024, Reader.System("测试"))).Single(f => f.IndicatorCode == "petitions_handled");
        await new FigureCommands(context.Database.Db, TimeProvider.System).SaveAsync(new FigureSave
        {
            OrganizationId = petitions.OrganizationId, IndicatorId = petitions.IndicatorId, Year = 2024, Value = 75, Qualifier = Qualifier.Exact,
            Status = FigureStatus.Published, SourceText = petitions.SourceText, ExpectedVersion = petitions.Version, Reason = "补录",
        }, Writer("lisi"));

        page.WaitForAssertion(() => Assert.Equal("75件", page.Find("#tile-petitions_handled .kpi-tile__value").TextContent), TimeSpan.FromSeconds(5));
        Assert.Matches("is-updated-[01]", page.Find("#tile-petitions_handled").ClassName);
        Assert.DoesNotMatch("is-updated-[01]", page.Find("#tile-disputes_mediated").ClassName);
        Assert.Contains("更新于", page.Find(".dashboard__updated").TextContent);
        // Nothing else disturbed: the same year, the same figure still in focus.
        Assert.Contains("2024 年度", page.Find("h1").TextContent);
        Assert.Contains("is-highlighted", page.Find("#tile-disputes_mediated").ClassName);
    }

    [Fact]
    public async Task ASaveRendersAgainOnlyTheTileAndChartWhoseFigureChanged()
    {
        // Each open screen keeps what it last rendered, and once more what it rendered before that: a save must not
        // make every tile and chart of every open screen render again (memory per open dashboard:
        // docs/measuring.md#heap-per-open-dashboard).
        await using var context = await PageContext.CreateAsync(withSample: true);
        await context.WatchForChangesAsync();
        var page = context.Bunit.Render<DashboardPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".kpi-tile")));
        var tiles = page.FindComponents<KpiTile>().ToDictionary(t => t.Instance.Model.Row.Indicator.Code);
        var charts = page.FindComponents<YearOverYearChart>().ToDictionary(c => c.Instance.Model.Code);
        var tileRenders = tiles.ToDictionary(t => t.Key, t => t.Value.RenderCount);
        var chartRenders = charts.ToDictionary(c => c.Key, c => c.Value.RenderCount);

        var petitions = (await new FigureQueries(context.Database.Db).GetFiguresAsync(
            (await new CatalogQueries(context.Database.Db).GetOrganizationAsync("luoxing"))!.Id, 2024, Reader.System("测试"))).Single(f => f.IndicatorCode == "petitions_handled");
        await new FigureCommands(context.Database.Db, TimeProvider.System).SaveAsync(new FigureSave
        {
            OrganizationId = petitions.OrganizationId, IndicatorId = petitions.IndicatorId, Year = 2024, Value = 75, Qualifier = Qualifier.Exact,
            Status = FigureStatus.Published, SourceText = petitions.SourceText, ExpectedVersion = petitions.Version, Reason = "补录",
        }, Writer("lisi"));
        page.WaitForAssertion(() => Assert.Equal("75件", page.Find("#tile-petitions_handled .kpi-tile__value").TextContent), TimeSpan.FromSeconds(5));

        // The counts as the renderer leaves them once the batch is done (it runs on its own thread: the markup can be
        // seen before every component's count is).
        page.WaitForAssertion(() =>
        {
            Assert.Equal(
                ["petitions_handled"],
                tiles.Where(t => t.Value.RenderCount != tileRenders[t.Key]).Select(t => t.Key));
            Assert.Equal(
                ["petitions_handled"],
                charts.Where(c => c.Value.RenderCount != chartRenders[c.Key]).Select(c => c.Key));
        }, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task AChangeWrittenByAnotherProcessIsPickedUp()
    {
        await using var context = await PageContext.CreateAsync();
        await context.WatchForChangesAsync();
        var page = context.Bunit.Render<DashboardPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".kpi-tile")));

        // Another program writing the same file (as an import would): Python's own SQLite, not this process.
        var script = $"import sqlite3; c = sqlite3.connect(r'{context.Database.Db.DatabasePath}'); " +
                     "c.execute(\"UPDATE figures SET value = 80, version = version + 1 WHERE indicator_id = (SELECT id FROM indicators WHERE code = 'petitions_handled')\"); c.commit()";
        using var process = System.Diagnostics.Process.Start("python3", ["-c", script])!;
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);

        page.WaitForAssertion(() => Assert.Equal("80件", page.Find("#tile-petitions_handled .kpi-tile__value").TextContent), TimeSpan.FromSeconds(5));
    }

    /// <summary>A click on the figure's words in the report, as wwwroot/figure-marks.js reports it to the panel.</summary>
    private static void ClickFigure(IRenderedComponent<DashboardPage> page, string indicator)
    {
        Assert.NotNull(page.Find($"mark[data-indicator={indicator}]"));
        page.Find("article.narrative").TriggerEvent("onfigureselect", new FigureSelectEventArgs { Indicator = indicator });
    }
}
