using Bunit;
using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Dashboard.Web.Components.Pages.Home;
using Dashboard.Web.Components.Pages.Present;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Pages;

/// <summary>
/// A district's own page (docs/user-guide.md#a-districts-page-各街镇对比): 涪陵区 with 罗星街道 (the seed's 2024), 崇义街道 (some
/// figures, one provisional) and 新妙镇 (nothing yet), chosen in the organization picker of the dashboard.
/// </summary>
public sealed class DistrictOverviewTests
{
    private static async Task<PageContext> DistrictAsync()
    {
        var context = await PageContext.CreateAsync();
        var db = context.Database.Db;
        var organizations = new OrganizationCommands(db, TimeProvider.System);
        var system = Actor.System("test");
        Assert.Empty(await organizations.AddAsync(new OrganizationSave { Code = "fuling", Name = "涪陵区", Kind = "区" }, system));
        Assert.Empty(await organizations.AddAsync(new OrganizationSave { Code = "chongyi", Name = "崇义街道", Kind = "街道", ParentCode = "fuling" }, system));
        Assert.Empty(await organizations.AddAsync(new OrganizationSave { Code = "xinmiao", Name = "新妙镇", Kind = "镇", ParentCode = "fuling" }, system));
        Assert.Empty(await organizations.UpdateAsync("luoxing", new OrganizationSave { Code = "luoxing", Name = "罗星街道", Kind = "街道", ParentCode = "fuling" }, system));
        var catalog = new CatalogQueries(db);
        var chongyi = (await catalog.GetOrganizationAsync("chongyi"))!;
        var figures = new FigureCommands(db, TimeProvider.System);
        foreach (var (code, value, qualifier, status) in new[]
        {
            ("petitions_handled", 45m, Qualifier.Exact, FigureStatus.Published),
            ("disputes_mediated", 300m, Qualifier.MoreThan, FigureStatus.Provisional),
            ("mediation_success_rate", 97.5m, Qualifier.Exact, FigureStatus.Published),
        })
        {
            var indicator = (await catalog.GetIndicatorAsync(code))!;
            Assert.True((await figures.SaveAsync(new FigureSave
            {
                OrganizationId = chongyi.Id, IndicatorId = indicator.Id, Year = 2024, Value = value, Qualifier = qualifier, Status = status,
            }, system)).Succeeded);
        }
        var navigation = context.Bunit.Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/?org=fuling&year=2024");
        return context;
    }

    private static string Cell(IRenderedComponent<DashboardPage> page, string organization, string indicator) =>
        page.Find($".district-table tr[data-organization={organization}] td[data-indicator={indicator}]").TextContent;

    [Fact]
    public async Task TheDistrictsLeadersSeeItsStreetsSideBySideWithRollUpsThatHonourHowFiguresAreWritten()
    {
        await using var context = await DistrictAsync();
        await context.SignInAsync("leader", Role.Viewer, "fuling");

        var page = context.Bunit.Render<DashboardPage>();

        page.WaitForAssertion(() => Assert.Contains("涪陵区 · 2024 年度 · 各街镇对比", page.Find("h1").TextContent));
        Assert.Contains("2/3 个街镇已填报", page.Find("[data-testid=district-completeness]").TextContent);
        Assert.Contains("数据截至", page.Find("[data-testid=print-as-of]").TextContent);
        Assert.Equal(["luoxing", "chongyi", "xinmiao"], page.FindAll(".district-table tbody tr").Select(r => r.GetAttribute("data-organization")));
        Assert.Contains("73件", Cell(page, "luoxing", "petitions_handled"));
        Assert.Contains("45件", Cell(page, "chongyi", "petitions_handled"));
        Assert.Contains("未填报", Cell(page, "xinmiao", "petitions_handled"));
        // Fewer petitions is better: below the median is green.
        Assert.Contains("is-better", page.Find(".district-table tr[data-organization=chongyi] td[data-indicator=petitions_handled]").ClassName);
        // Sums as written (811 + 300余 = 1111余, provisional), a rate as its range and median, what is missing counted.
        Assert.Contains("118件", Cell(page, "fuling", "petitions_handled"));
        Assert.Contains("2/3 填报", Cell(page, "fuling", "petitions_handled"));
        Assert.Contains("1111余件", Cell(page, "fuling", "disputes_mediated"));
        Assert.Contains("is-provisional", page.Find(".district-table tfoot td[data-indicator=disputes_mediated]").ClassName);
        // The success rate is a rate of the disputes (the catalog says so): weighed by them, 约 because 300余 is not exact.
        Assert.Contains("约99.3%（按矛盾纠纷排查调处加权；97.5–100%）", Cell(page, "fuling", "mediation_success_rate"));
        Assert.Contains("未填报", page.Find(".district-progress tr[data-organization=xinmiao]").TextContent);
        Assert.Contains("缺", page.Find(".district-progress tr[data-organization=chongyi]").TextContent);
        // Ranked: most disputes first, the one without a figure last.
        Assert.Equal(["罗星街道", "崇义街道", "新妙镇"], page.FindAll(".district-rank[data-indicator=disputes_mediated] .district-rank__name").Select(n => n.TextContent));
    }

    [Fact]
    public async Task AVisitorSeesNoProvisionalFigureInTheRollUps()
    {
        await using var context = await DistrictAsync();

        var page = context.Bunit.Render<DashboardPage>();

        page.WaitForAssertion(() => Assert.Contains("各街镇对比", page.Find("h1").TextContent));
        Assert.Contains("811件", Cell(page, "fuling", "disputes_mediated"));
        // For a visitor nothing unpublished is 未填报: 崇义 may well have entered it.
        Assert.Contains("1/3 已发布", Cell(page, "fuling", "disputes_mediated"));
        Assert.Contains("未发布", Cell(page, "chongyi", "disputes_mediated"));
        // Without 崇义's (provisional) disputes the rates cannot be weighed: their range and median.
        Assert.Contains("97.5–100%（中位数 98.75%）", Cell(page, "fuling", "mediation_success_rate"));
        Assert.DoesNotContain("300", page.Markup);
    }

    [Fact]
    public async Task ASaveInAStreetIsOnTheDistrictsOpenPage()
    {
        await using var context = await DistrictAsync();
        await context.SignInAsync("leader", Role.Viewer, "fuling");
        await context.WatchForChangesAsync();
        var page = context.Bunit.Render<DashboardPage>();
        page.WaitForAssertion(() => Assert.Contains("未填报", Cell(page, "xinmiao", "petitions_handled")));

        var db = context.Database.Db;
        var xinmiao = (await new CatalogQueries(db).GetOrganizationAsync("xinmiao"))!;
        var petitions = (await new CatalogQueries(db).GetIndicatorAsync("petitions_handled"))!;
        await new FigureCommands(db, TimeProvider.System).SaveAsync(new FigureSave
        {
            OrganizationId = xinmiao.Id, IndicatorId = petitions.Id, Year = 2024, Value = 12, Status = FigureStatus.Published,
        }, Actor.System("clerk"));

        page.WaitForAssertion(() => Assert.Contains("12件", Cell(page, "xinmiao", "petitions_handled")), TimeSpan.FromSeconds(5));
        Assert.Contains("3/3 个街镇已填报", page.Find("[data-testid=district-completeness]").TextContent);
        Assert.Contains("130件", Cell(page, "fuling", "petitions_handled"));
    }

    [Fact]
    public async Task TheFirstStreetToEnterNextYearDoesNotMoveTheDistrictPageOffTheYearTheOthersReported()
    {
        await using var context = await DistrictAsync();
        await context.SignInAsync("leader", Role.Viewer, "fuling");
        var catalog = new CatalogQueries(context.Database.Db);
        Assert.True((await new FigureCommands(context.Database.Db, TimeProvider.System).SaveAsync(new FigureSave
        {
            OrganizationId = (await catalog.GetOrganizationAsync("chongyi"))!.Id, IndicatorId = (await catalog.GetIndicatorAsync("petitions_handled"))!.Id,
            Year = 2025, Value = 12, Qualifier = Qualifier.Exact, Status = FigureStatus.Provisional,
        }, Actor.System("test"))).Succeeded);
        var navigation = context.Bunit.Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/?org=fuling");

        var page = context.Bunit.Render<DashboardPage>();

        // 2025: one street of three; 2024: two of three.
        page.WaitForAssertion(() => Assert.Contains("涪陵区 · 2024 年度", page.Find("h1").TextContent));
        navigation.NavigateTo("/?org=fuling&year=2025");
        page.WaitForAssertion(() => Assert.Contains("涪陵区 · 2025 年度", page.Find("h1").TextContent));
        Assert.Contains("1/3 个街镇已填报", page.Find("[data-testid=district-completeness]").TextContent);
    }

    [Fact]
    public async Task EachStreetsLineSaysItsYearsAndALatestFigureFromAnEarlierYearSaysWhichYear()
    {
        await using var context = await DistrictAsync();
        await context.SignInAsync("leader", Role.Viewer, "fuling");
        var catalog = new CatalogQueries(context.Database.Db);
        var petitions = (await catalog.GetIndicatorAsync("petitions_handled"))!;
        foreach (var (code, value) in new[] { ("chongyi", 39m), ("xinmiao", 12m) })
        {
            Assert.True((await new FigureCommands(context.Database.Db, TimeProvider.System).SaveAsync(new FigureSave
            {
                OrganizationId = (await catalog.GetOrganizationAsync(code))!.Id, IndicatorId = petitions.Id, Year = 2025, Value = value,
                Qualifier = Qualifier.Exact, Status = FigureStatus.Published,
            }, Actor.System("test"))).Succeeded);
        }
        context.Bunit.Services.GetRequiredService<NavigationManager>().NavigateTo("/?org=fuling&year=2025");

        var page = context.Bunit.Render<DashboardPage>();

        page.WaitForAssertion(() => Assert.Contains("涪陵区 · 2025 年度", page.Find("h1").TextContent));
        const string trend = ".district-trend[data-indicator=petitions_handled] .district-trend__cell";
        // 罗星街道 has nothing for 2025: its latest figure, beside the others' 2025 ones, says it is 2024's.
        var luoxing = page.Find($"{trend}[data-organization=luoxing]");
        Assert.Equal("73件（2024年）", luoxing.QuerySelector(".district-trend__last")!.TextContent);
        Assert.Equal(["2021", "2025"], luoxing.QuerySelectorAll(".district-trend__years span").Select(year => year.TextContent));
        Assert.Equal("罗星街道 信访事件，2021–2025年：2021年 无数据，2022年 无数据，2023年 无数据，2024年 73件，2025年 无数据",
            luoxing.QuerySelector("svg")!.GetAttribute("aria-label"));
        Assert.Equal("2024年 73件", luoxing.QuerySelector("circle title")!.TextContent);
        // A street whose latest figure is the page's year: the figure alone.
        var chongyi = page.Find($"{trend}[data-organization=chongyi]");
        Assert.Equal("39件", chongyi.QuerySelector(".district-trend__last")!.TextContent);
        Assert.Contains("2024年 45件，2025年 39件", chongyi.QuerySelector("svg")!.GetAttribute("aria-label"));
    }

    [Fact]
    public async Task TheDistrictsDeckHasATitleASlidePerHeadlineIndicatorComparingItsStreetsAndTheCompletenessSlide()
    {
        await using var context = await DistrictAsync();
        await context.SignInAsync("leader", Role.Viewer, "fuling");
        var navigation = context.Bunit.Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/present?org=fuling&year=2024");

        var page = context.Bunit.Render<PresentPage>();

        page.WaitForAssertion(() => Assert.Contains("涪陵区", page.Find(".slide--title").TextContent));
        Assert.Equal("2024 年度各街镇法治政府建设情况对比", page.Find(".slide--title h1").TextContent);
        Assert.Contains("数据截至", page.Find(".slide__asof").TextContent);
        var count = int.Parse(page.Find(".deck__number").TextContent.Split('/')[1].Trim());
        var ids = new List<string>();
        for (var number = 1; number <= count; number++)
        {
            navigation.NavigateTo(navigation.GetUriWithQueryParameter("slide", number));
            page.WaitForAssertion(() => Assert.Equal(number.ToString(), page.Find(".deck").GetAttribute("data-slide-number")));
            ids.Add(page.Find(".deck").GetAttribute("data-slide")!);
            if (ids[^1] == "disputes_mediated")
            {
                Assert.Contains("全区 1111余件", page.Find(".slide__comparison-total").TextContent);
                Assert.Equal(["罗星街道", "崇义街道", "新妙镇"], page.FindAll(".slide__bar-name").Select(n => n.TextContent));
                Assert.Equal(["811件", "300余件（暂定）", "未填报"], page.FindAll(".slide__bar-value").Select(n => n.TextContent));
            }
            if (ids[^1] == "progress")
            {
                Assert.Contains("2/3 个街镇已填报", page.Find(".slide__heading").TextContent);
                Assert.Contains("未填报", page.FindAll(".slide__progress-item").First().TextContent);
            }
        }
        // A slide per headline indicator with figures, between the title and the completeness slide.
        Assert.Equal("title", ids[0]);
        Assert.Equal("progress", ids[^1]);
        Assert.Contains("disputes_mediated", ids);
        Assert.Contains("mediation_success_rate", ids);
    }
}
