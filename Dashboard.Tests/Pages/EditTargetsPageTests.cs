using Bunit;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Dashboard.Web.Components.Pages.EditTargets;
using Dashboard.Web.Components.Pages.Home;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Tests.Pages;

public sealed class EditTargetsPageTests
{
    private static async Task<(PageContext Context, IRenderedComponent<EditTargetsPage> Page)> OpenAsync()
    {
        var context = await PageContext.CreateAsync();
        await context.SignInAsync("wangwu", Role.Editor);
        var page = context.Bunit.Render<EditTargetsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("tr[data-indicator]")));
        return (context, page);
    }

    private static Task SaveAsync(IRenderedComponent<EditTargetsPage> page) =>
        page.FindAll("button").Single(b => b.TextContent.Contains("保存目标")).ClickAsync(new());
    [Fact]
    public async Task ATargetSetByAnEditorAppearsOnTheDashboardTileWithItsVerdict()
    {
        var (context, page) = await OpenAsync();
        await using var _ = context;

        await page.Find("tr[data-indicator=petitions_handled] input").ChangeAsync(new ChangeEventArgs { Value = "60" });
        await page.Find("tr[data-indicator=petitions_handled] select").ChangeAsync(new ChangeEventArgs { Value = "LessOrEqual" });
        await SaveAsync(page);
        page.WaitForAssertion(() => Assert.Contains("已保存 1 项目标", page.Find(".edit-status").TextContent));

        var dashboard = context.Bunit.Render<DashboardPage>();

        dashboard.WaitForAssertion(() => Assert.Contains("目标 ≤60件", dashboard.Find("#tile-petitions_handled .kpi-tile__target").TextContent));
        Assert.Contains("未达成", dashboard.Find("#tile-petitions_handled .kpi-tile__target").TextContent);
    }

    [Fact]
    public async Task ARateTargetAbove100IsRefusedAndNothingIsSaved()
    {
        var (context, page) = await OpenAsync();
        await using var _ = context;

        await page.Find("tr[data-indicator=petitions_handled] input").ChangeAsync(new ChangeEventArgs { Value = "60" });
        await page.Find("tr[data-indicator=mediation_success_rate] input").ChangeAsync(new ChangeEventArgs { Value = "120" });
        await SaveAsync(page);

        page.WaitForAssertion(() => Assert.Contains("比率应在 0 到 100 之间", page.Find("tr[data-indicator=mediation_success_rate] .edit-problem").TextContent));
        var organization = (await new Dashboard.Data.Catalog.CatalogQueries(context.Database.Db).GetOrganizationAsync("luoxing"))!;
        Assert.Empty(await new Dashboard.Data.Targets.TargetQueries(context.Database.Db).GetTargetsAsync(organization.Id, 2024, 2024, Reader.System("测试")));
    }

    [Fact]
    public async Task TargetsAreTypedAsFiguresAreAndEveryProblemShowsAtOnce()
    {
        var (context, page) = await OpenAsync();
        await using var _ = context;
        async Task Type(string indicator, string value) =>
            await page.Find($"tr[data-indicator={indicator}] input").ChangeAsync(new ChangeEventArgs { Value = value });

        await Type("petitions_handled", "六十");
        await Type("mediation_success_rate", "150%");
        await SaveAsync(page);

        Assert.Contains("请输入数字", page.Find("tr[data-indicator=petitions_handled] .edit-problem").TextContent);
        Assert.Contains("比率应在 0 到 100 之间", page.Find("tr[data-indicator=mediation_success_rate] .edit-problem").TextContent);

        await Type("petitions_handled", "６０件");
        await Type("mediation_success_rate", "98.5%");
        await SaveAsync(page);

        Assert.Contains("已保存 2 项目标", page.Find(".edit-status").TextContent);
        var organization = (await new Dashboard.Data.Catalog.CatalogQueries(context.Database.Db).GetOrganizationAsync("luoxing"))!;
        var stored = await new Dashboard.Data.Targets.TargetQueries(context.Database.Db).GetTargetsAsync(organization.Id, 2024, 2024, Reader.System("测试"));
        Assert.Equal([60m, 98.5m], stored.OrderBy(t => t.IndicatorCode == "mediation_success_rate").Select(t => t.Value));
    }

    [Fact]
    public async Task EveryTargetChangeIsListedWithItsAuthorAndOneClickBringsBackTheOneBefore()
    {
        var (context, page) = await OpenAsync();
        await using var _ = context;
        await page.Find("tr[data-indicator=petitions_handled] input").ChangeAsync(new ChangeEventArgs { Value = "60" });
        // Awaited: the save's handler has finished (history reloaded, draft cleared, status said) and rendered.
        await SaveAsync(page);
        Assert.Contains("已保存 1 项目标", page.Find(".edit-status").TextContent);
        await page.Find("tr[data-indicator=petitions_handled] input").ChangeAsync(new ChangeEventArgs { Value = "50" });
        await SaveAsync(page);
        Assert.Equal(2, page.FindAll(".history-list__entry").Count);

        var latest = page.FindAll(".history-list__entry")[0];
        Assert.Contains("wangwu", latest.TextContent);
        Assert.Contains("信访事件：≤60件 → ≤50件", latest.TextContent);
        await page.FindAll(".history-list__entry")[0].QuerySelector("button")!.ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("恢复为≤60件", page.Find(".edit-status").TextContent));
        var organization = (await new Dashboard.Data.Catalog.CatalogQueries(context.Database.Db).GetOrganizationAsync("luoxing"))!;
        Assert.Equal(60, Assert.Single(await new Dashboard.Data.Targets.TargetQueries(context.Database.Db).GetTargetsAsync(organization.Id, 2024, 2024, Reader.System("测试"))).Value);
        Assert.Equal(3, page.FindAll(".history-list__entry").Count);
    }

    [Fact]
    public async Task ATargetChangedByAnotherEditorWhileTypingIsShownAndNotOverwrittenAndWhatWasTypedStays()
    {
        var (context, page) = await OpenAsync();
        await using var _ = context;
        var organization = (await new Dashboard.Data.Catalog.CatalogQueries(context.Database.Db).GetOrganizationAsync("luoxing"))!;
        var petitions = (await new Dashboard.Data.Catalog.CatalogQueries(context.Database.Db).GetIndicatorAsync("petitions_handled"))!;
        var targets = new Dashboard.Data.Targets.TargetQueries(context.Database.Db);

        // 李四, on another screen, sets the target first.
        var lisi = await Actors.SignInAsync(context.Database.Db, "lisi", Role.Editor);
        Assert.Empty(await new Dashboard.Data.Targets.TargetCommands(context.Database.Db, TimeProvider.System).SetTargetsAsync(
            organization.Id, 2024, [new Dashboard.Data.Targets.TargetSave(petitions.Id, Dashboard.Data.Comparator.LessOrEqual, 70, null)], lisi));
        await page.Find("tr[data-indicator=petitions_handled] input").ChangeAsync(new ChangeEventArgs { Value = "60" });
        await SaveAsync(page);

        Assert.Contains("未保存任何目标", page.Find(".edit-status").TextContent);
        Assert.Contains("已被他人改为≤70件", page.Find("tr[data-indicator=petitions_handled] .edit-problem").TextContent);
        Assert.Equal("60", page.Find("tr[data-indicator=petitions_handled] input").GetAttribute("value"));
        Assert.Contains("信访事件：无目标 → ≤70件", page.Find(".history-list__entry").TextContent);
        Assert.Equal(70, Assert.Single(await targets.GetTargetsAsync(organization.Id, 2024, 2024, Reader.System("测试"))).Value);

        // Having seen 李四's, saving again puts wangwu's over it.
        await SaveAsync(page);

        Assert.Contains("已保存 1 项目标", page.Find(".edit-status").TextContent);
        Assert.Equal(60, Assert.Single(await targets.GetTargetsAsync(organization.Id, 2024, 2024, Reader.System("测试"))).Value);
        Assert.Contains("信访事件：≤70件 → ≤60件", page.FindAll(".history-list__entry")[0].TextContent);
    }

    [Fact]
    public async Task AnotherEditorsTargetAppearsAtOnceWhereNothingIsTypedAndIsSaidWhereSomethingIs()
    {
        await using var context = await PageContext.CreateAsync();
        await context.SignInAsync("wangwu", Role.Editor);
        await context.WatchForChangesAsync();
        var page = context.Bunit.Render<EditTargetsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("tr[data-indicator]")));
        await page.Find("tr[data-indicator=petitions_handled] input").ChangeAsync(new ChangeEventArgs { Value = "60" });
        var catalog = new Dashboard.Data.Catalog.CatalogQueries(context.Database.Db);
        var organization = (await catalog.GetOrganizationAsync("luoxing"))!;
        var petitions = (await catalog.GetIndicatorAsync("petitions_handled"))!;
        var rate = (await catalog.GetIndicatorAsync("mediation_success_rate"))!;

        // 李四 sets both targets from another screen.
        var lisi = await Actors.SignInAsync(context.Database.Db, "lisi", Role.Editor);
        Assert.Empty(await new Dashboard.Data.Targets.TargetCommands(context.Database.Db, TimeProvider.System).SetTargetsAsync(organization.Id, 2024,
            [new(petitions.Id, Dashboard.Data.Comparator.LessOrEqual, 70, null), new(rate.Id, Dashboard.Data.Comparator.GreaterOrEqual, 98, null)], lisi));

        page.WaitForAssertion(() => Assert.Equal("98", page.Find("tr[data-indicator=mediation_success_rate] input").GetAttribute("value")), TimeSpan.FromSeconds(10));
        Assert.Contains("is-updated-", page.Find("tr[data-indicator=mediation_success_rate]").ClassName);
        Assert.Equal("60", page.Find("tr[data-indicator=petitions_handled] input").GetAttribute("value"));
        Assert.Contains("刚被他人改为≤70件", page.Find("tr[data-indicator=petitions_handled] .edit-problem").TextContent);
        Assert.Equal(2, page.FindAll(".history-list__entry").Count);

        // Saving still does not overwrite it unseen; the second save, with 李四's target now in view, does.
        await SaveAsync(page);
        Assert.Contains("未保存任何目标", page.Find(".edit-status").TextContent);
        await SaveAsync(page);
        Assert.Contains("已保存 1 项目标", page.Find(".edit-status").TextContent);
        Assert.Equal(60, (await new Dashboard.Data.Targets.TargetQueries(context.Database.Db).GetTargetsAsync(organization.Id, 2024, 2024, Reader.System("测试"))).Single(t => t.IndicatorId == petitions.Id).Value);
    }
}
