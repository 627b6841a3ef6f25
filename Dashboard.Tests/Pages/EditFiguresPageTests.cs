using AngleSharp.Dom;
using Bunit;
using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Dashboard.Web.Components.Pages.EditFigures;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using static Dashboard.Tests.Support.Actors;

namespace Dashboard.Tests.Pages;

public sealed class EditFiguresPageTests
{
    private static async Task<(PageContext Context, IRenderedComponent<EditFiguresPage> Page)> OpenAsync()
    {
        var context = await PageContext.CreateAsync();
        await context.SignInAsync("wangwu", Role.Editor);
        var page = context.Bunit.Render<EditFiguresPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("tr[data-indicator]")));
        return (context, page);
    }

    private static IElement Cell(IRenderedComponent<EditFiguresPage> page, string indicator, int column) =>
        page.Find($"tr[data-indicator={indicator}] [data-col=\"{column}\"]");

    /// <summary>What an editor does most: correct a published figure, with the reason, and save.</summary>
    private static async Task CorrectPetitionsTo75Async(IRenderedComponent<EditFiguresPage> page)
    {
        await Cell(page, "petitions_handled", 0).ChangeAsync(new ChangeEventArgs { Value = "75" });
        await Cell(page, "petitions_handled", 4).ChangeAsync(new ChangeEventArgs { Value = "台账补录两件" });
        await SaveAsync(page);
    }

    private static Task SaveAsync(IRenderedComponent<EditFiguresPage> page) =>
        page.FindAll("button").Single(b => b.TextContent.Contains("保存")).ClickAsync(new());

    private static async Task<Figure> StoredAsync(PageContext context, string indicator)
    {
        var organization = (await new CatalogQueries(context.Database.Db).GetOrganizationAsync("luoxing"))!;
        return (await new FigureQueries(context.Database.Db).GetFiguresAsync(organization.Id, 2024, Reader.System("测试"))).Single(f => f.IndicatorCode == indicator);
    }

    [Fact]
    public async Task ShowsEveryIndicatorOfTheLatestYearWithItsStoredValue()
    {
        var (context, page) = await OpenAsync();
        await using var _ = context;

        Assert.Equal(SeedRows, page.FindAll("tr[data-indicator]").Count);
        Assert.Equal("811", Cell(page, "disputes_mediated", 0).GetAttribute("value"));
        Assert.Equal("524", Cell(page, "safety_outreach_events", 0).GetAttribute("value"));
    }

    [Fact]
    public async Task SavingWithNothingChangedSaysSoAndStoresNothing()
    {
        var (context, page) = await OpenAsync();
        await using var _ = context;
        var before = await StoredAsync(context, "petitions_handled");

        await SaveAsync(page);

        Assert.Contains("没有需要保存的修改", page.Find(".edit-status").TextContent);
        Assert.Equal(before.Version, (await StoredAsync(context, "petitions_handled")).Version);
    }

    [Fact]
    public async Task ChangingAPublishedFigureWithAReasonSavesItAndItsHistory()
    {
        var (context, page) = await OpenAsync();
        await using var _ = context;

        await CorrectPetitionsTo75Async(page);

        page.WaitForAssertion(() => Assert.Contains("已保存 1 项修改", page.Find(".edit-status").TextContent));
        var stored = await StoredAsync(context, "petitions_handled");
        Assert.Equal((75m, "wangwu"), (stored.Value, stored.UpdatedBy));
        Assert.Equal("台账补录两件", (await new FigureQueries(context.Database.Db).GetHistoryAsync(stored.Id, Reader.System("测试")))[^1].Reason);
    }

    [Fact]
    public async Task APublishedFigureChangedWithoutAReasonIsRefusedBesideItsRow()
    {
        var (context, page) = await OpenAsync();
        await using var _ = context;

        await Cell(page, "petitions_handled", 0).ChangeAsync(new ChangeEventArgs { Value = "75" });
        await SaveAsync(page);

        page.WaitForAssertion(() => Assert.Contains("修改已发布的数据必须填写原因", page.Find("tr[data-indicator=petitions_handled] .edit-problem").TextContent));
        Assert.Contains("未保存任何数据", page.Find(".edit-status").TextContent);
        Assert.Equal(73m, (await StoredAsync(context, "petitions_handled")).Value);
    }

    [Fact]
    public async Task OneBadValueInABatchSavesNothing()
    {
        var (context, page) = await OpenAsync();
        await using var _ = context;

        await Cell(page, "petitions_handled", 0).ChangeAsync(new ChangeEventArgs { Value = "75" });
        await Cell(page, "petitions_handled", 4).ChangeAsync(new ChangeEventArgs { Value = "补录" });
        await Cell(page, "mediation_success_rate", 0).ChangeAsync(new ChangeEventArgs { Value = "120" });
        await Cell(page, "mediation_success_rate", 4).ChangeAsync(new ChangeEventArgs { Value = "更正" });
        await SaveAsync(page);

        page.WaitForAssertion(() => Assert.Contains("比率应在 0 到 100 之间", page.Find("tr[data-indicator=mediation_success_rate] .edit-problem").TextContent));
        Assert.Equal(73m, (await StoredAsync(context, "petitions_handled")).Value);
        Assert.Equal(100m, (await StoredAsync(context, "mediation_success_rate")).Value);
    }

    [Fact]
    public async Task EveryProblemOfARowIsShownAtOnce()
    {
        var (context, page) = await OpenAsync();
        await using var _ = context;

        await Cell(page, "mediation_success_rate", 0).ChangeAsync(new ChangeEventArgs { Value = "150" });
        await SaveAsync(page);

        page.WaitForAssertion(() => Assert.Equal(
            ["比率应在 0 到 100 之间。", "修改已发布的数据必须填写原因。"],
            page.FindAll("tr[data-indicator=mediation_success_rate] .edit-problem").Select(p => p.TextContent)));
        Assert.Contains("有 1 项数据不符合要求", page.Find(".edit-actions .edit-status").TextContent);
    }

    [Theory]
    [InlineData("２３０００余", "23000", "MoreThan")]
    [InlineData("811件以上", "811", "AtLeast")]
    [InlineData("约８００", "800", "About")]
    [InlineData("1，234", "1234", "Exact")]
    public async Task AFigureTypedAsTheReportWritesItIsReadWithItsQualifier(string typed, string value, string qualifier)
    {
        var (context, page) = await OpenAsync();
        await using var _ = context;

        await Cell(page, "disputes_mediated", 0).ChangeAsync(new ChangeEventArgs { Value = typed });
        await Cell(page, "disputes_mediated", 4).ChangeAsync(new ChangeEventArgs { Value = "台账核对" });
        await SaveAsync(page);

        page.WaitForAssertion(() => Assert.Contains("已保存 1 项修改", page.Find(".edit-status").TextContent));
        var stored = await StoredAsync(context, "disputes_mediated");
        Assert.Equal((decimal.Parse(value), Enum.Parse<Qualifier>(qualifier)), (stored.Value, stored.Qualifier));
    }

    [Fact]
    public async Task SomethingThatIsNotANumberIsCaughtBeforeSending()
    {
        var (context, page) = await OpenAsync();
        await using var _ = context;

        await Cell(page, "petitions_handled", 0).ChangeAsync(new ChangeEventArgs { Value = "七十三" });
        await SaveAsync(page);

        page.WaitForAssertion(() => Assert.Contains("请输入数字", page.Find("tr[data-indicator=petitions_handled] .edit-problem").TextContent));
    }

    [Fact]
    public async Task AValueThatCannotBeReadAndOneThatBreaksARuleAreShownByTheSameSave()
    {
        var (context, page) = await OpenAsync();
        await using var _ = context;

        await Cell(page, "petitions_handled", 0).ChangeAsync(new ChangeEventArgs { Value = "七十三" });
        await Cell(page, "mediation_success_rate", 0).ChangeAsync(new ChangeEventArgs { Value = "120" });
        await Cell(page, "mediation_success_rate", 4).ChangeAsync(new ChangeEventArgs { Value = "更正" });
        await SaveAsync(page);

        Assert.Contains("请输入数字", page.Find("tr[data-indicator=petitions_handled] .edit-problem").TextContent);
        Assert.Contains("比率应在 0 到 100 之间", page.Find("tr[data-indicator=mediation_success_rate] .edit-problem").TextContent);
        Assert.Equal(100m, (await StoredAsync(context, "mediation_success_rate")).Value);
    }

    [Fact]
    public async Task ASecondEditorsSaveIsRefusedShowingWhoChangedWhatAndTheyChooseDeliberately()
    {
        var (context, page) = await OpenAsync();
        await using var _ = context;
        var before = await StoredAsync(context, "petitions_handled");
        // Another editor saves the same figure while this page is open.
        await new FigureCommands(context.Database.Db, TimeProvider.System).SaveAsync(new FigureSave
        {
            OrganizationId = before.OrganizationId, IndicatorId = before.IndicatorId, Year = 2024, Value = 74, Qualifier = Qualifier.Exact,
            Status = FigureStatus.Published, SourceText = before.SourceText, ExpectedVersion = before.Version, Reason = "补录一件",
        }, Writer("lisi"));

        await Cell(page, "petitions_handled", 0).ChangeAsync(new ChangeEventArgs { Value = "80" });
        await Cell(page, "petitions_handled", 4).ChangeAsync(new ChangeEventArgs { Value = "按新台账" });
        await SaveAsync(page);

        page.WaitForAssertion(() => Assert.Contains("lisi", page.Find("tr[data-indicator=petitions_handled] .edit-conflict").TextContent));
        var conflict = page.Find("tr[data-indicator=petitions_handled] .edit-conflict").TextContent;
        Assert.Contains("74件", conflict);
        Assert.Contains("您填写的是 80件", conflict);   // with its unit, as the other value
        Assert.Equal(74m, (await StoredAsync(context, "petitions_handled")).Value);

        await page.Find("tr[data-indicator=petitions_handled] .edit-conflict").QuerySelectorAll("button").Single(b => b.TextContent.Contains("仍用我的值")).ClickAsync(new());
        await SaveAsync(page);

        page.WaitForAssertion(() => Assert.Contains("已保存 1 项修改", page.Find(".edit-status").TextContent));
        Assert.Equal(80m, (await StoredAsync(context, "petitions_handled")).Value);
    }

    [Fact]
    public async Task AnotherEditorsSaveAppearsAtOnceWhereNothingIsTypedAndAsAChoiceWhereSomethingIs()
    {
        var (context, page) = await OpenAsync();
        await using var _ = context;
        await context.WatchForChangesAsync();
        await Cell(page, "petitions_handled", 0).ChangeAsync(new ChangeEventArgs { Value = "80" });   // this editor's typing, not saved yet
        var petitions = await StoredAsync(context, "petitions_handled");
        var disputes = await StoredAsync(context, "disputes_mediated");

        // 李四 saves both figures from another screen.
        var others = new FigureCommands(context.Database.Db, TimeProvider.System);
        Assert.True((await others.SaveBatchAsync(
        [
            new FigureSave
            {
                OrganizationId = petitions.OrganizationId, IndicatorId = petitions.IndicatorId, Year = 2024, Value = 74, Qualifier = Qualifier.Exact,
                Status = FigureStatus.Published, SourceText = petitions.SourceText, ExpectedVersion = petitions.Version, Reason = "补录一件",
            },
            new FigureSave
            {
                OrganizationId = disputes.OrganizationId, IndicatorId = disputes.IndicatorId, Year = 2024, Value = 812, Qualifier = Qualifier.Exact,
                Status = FigureStatus.Published, SourceText = disputes.SourceText, ExpectedVersion = disputes.Version, Reason = "补录一件",
            },
        ], Writer("lisi"))).Succeeded);

        // The untouched row shows the new figure, lit up; the typed one keeps what was typed and says what 李四 saved.
        page.WaitForAssertion(() => Assert.Equal("812", Cell(page, "disputes_mediated", 0).GetAttribute("value")), TimeSpan.FromSeconds(10));
        Assert.Contains("is-updated-", page.Find("tr[data-indicator=disputes_mediated]").ClassName);
        Assert.Equal("80", Cell(page, "petitions_handled", 0).GetAttribute("value"));
        var conflict = page.Find("tr[data-indicator=petitions_handled] .edit-conflict").TextContent;
        Assert.Contains("lisi", conflict);
        Assert.Contains("74件", conflict);
        Assert.Contains("您填写的是 80件", conflict);

        // Choosing 李四's value leaves nothing to save.
        await page.Find("tr[data-indicator=petitions_handled] .edit-conflict").QuerySelectorAll("button").Single(b => b.TextContent.Contains("采用对方的值")).ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("74", Cell(page, "petitions_handled", 0).GetAttribute("value")));
        Assert.Empty(page.FindAll("tr.is-dirty"));
    }

    [Fact]
    public async Task TheHistoryOfAFigureShowsEachChangeAndOneClickBringsBackAnEarlierValue()
    {
        var (context, page) = await OpenAsync();
        await using var _ = context;
        await CorrectPetitionsTo75Async(page);
        page.WaitForAssertion(() => Assert.Contains("已保存 1 项修改", page.Find(".edit-status").TextContent));

        await page.Find("tr[data-indicator=petitions_handled] .history-toggle").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".history-list__entry").Count));
        var entries = page.FindAll(".history-list__entry");
        Assert.Contains("73件（已发布） → 75件（已发布）", entries[0].TextContent);
        Assert.Contains("wangwu", entries[0].TextContent);
        Assert.Contains("台账补录两件", entries[0].TextContent);
        Assert.Contains("录入 73件（已发布）", entries[1].TextContent);
        Assert.Contains("初始数据（报告导入）", entries[1].TextContent);   // the seed's author, in words

        await entries[1].QuerySelector("button")!.ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll(".history-list__entry").Count));
        Assert.Contains("75件（已发布） → 73件（已发布）", page.FindAll(".history-list__entry")[0].TextContent);
        Assert.Contains("恢复为", page.FindAll(".history-list__entry")[0].TextContent);
        Assert.Equal(73m, (await StoredAsync(context, "petitions_handled")).Value);
        Assert.Equal("73", Cell(page, "petitions_handled", 0).GetAttribute("value"));
    }

    [Fact]
    public async Task TheRecentChangesPageListsWhoChangedWhatAndWhy()
    {
        var (context, page) = await OpenAsync();
        await using var _ = context;
        await CorrectPetitionsTo75Async(page);
        page.WaitForAssertion(() => Assert.Contains("已保存", page.Find(".edit-status").TextContent));

        var changes = context.Bunit.Render<RecentChangesPage>();

        var latest = changes.FindAll("tbody tr")[0].TextContent;
        Assert.Contains("信访事件", latest);
        Assert.Contains("73件（已发布） → 75件（已发布）", latest);
        Assert.Contains("wangwu", latest);
        Assert.Contains("台账补录两件", latest);
    }

    private static int SeedRows => Dashboard.Data.Seeding.SeedData.Load(SeedFolder.Path).Indicators.Count;
}

/// <summary>发布本年度 on the data-entry page: for the organization's administrators, one click for the whole year.</summary>
public sealed class PublishYearPanelTests
{
    private static async Task<PageContext> WithProvisional2025Async()
    {
        var context = await PageContext.CreateAsync();
        var organization = (await new CatalogQueries(context.Database.Db).GetOrganizationAsync("luoxing"))!;
        var indicator = (await new CatalogQueries(context.Database.Db).GetIndicatorAsync("petitions_handled"))!;
        Assert.True((await new FigureCommands(context.Database.Db, TimeProvider.System).SaveAsync(new FigureSave
        {
            OrganizationId = organization.Id, IndicatorId = indicator.Id, Year = 2025, Value = 52, Status = FigureStatus.Provisional,
        }, Writer("王五"))).Succeeded);
        context.Bunit.Services.GetRequiredService<NavigationManager>().NavigateTo("/figures/edit?year=2025");
        return context;
    }

    [Fact]
    public async Task TheAdministratorPublishesTheYearAndTheGridShowsItPublished()
    {
        await using var context = await WithProvisional2025Async();
        await context.SignInAsync("luoxing-admin", Role.Admin, "luoxing");
        context.Bunit.JSInterop.Setup<bool>("confirm", _ => true).SetResult(true);
        var page = context.Bunit.Render<EditFiguresPage>();
        page.WaitForAssertion(() => Assert.Contains("1 项暂定数据", page.Find("[data-testid=publish-year-summary]").TextContent));

        await page.FindAll("button").Single(b => b.TextContent.Trim() == "发布本年度").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("已发布 2025 年度：1 项数据", page.Find("[role=status]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=publish-year-summary]"));
        var organization = (await new CatalogQueries(context.Database.Db).GetOrganizationAsync("luoxing"))!;
        var visible = await new FigureQueries(context.Database.Db).GetFiguresAsync(organization.Id, 2025, Reader.Visitor);
        Assert.Equal(52m, visible.Single().Value);
    }

    [Fact]
    public async Task AnEditorDoesNotSeeIt()
    {
        await using var context = await WithProvisional2025Async();
        await context.SignInAsync("wangwu", Role.Editor, "luoxing");
        var page = context.Bunit.Render<EditFiguresPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("tr[data-indicator]")));

        Assert.Empty(page.FindAll(".publish-year"));
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Contains("发布本年度"));
    }
}
