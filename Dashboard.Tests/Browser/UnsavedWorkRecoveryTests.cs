using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>
/// A clerk's unsaved edits when the server dies under them: the app runs as its own process, is killed outright
/// (SIGKILL) and started again on the same address. The edits must come back on the clerk's screen, unsaved and
/// said to be so, and save correctly.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class UnsavedWorkRecoveryTests(BrowserFixture browser)
{
    private static readonly Dictionary<string, string> QuickRetries = new()
    {
        ["Connection:RetrySeconds"] = "0.2",
        ["Connection:StartTimeoutSeconds"] = "3",
    };

    [Fact]
    public async Task EditsInTheGridSurviveARestartAndSaveAfterwards()
    {
        await using var app = new AppProcess(QuickRetries);
        await app.StartAsync();
        var page = await SignInAsync(app, "/figures/edit?year=2024");
        await page.Locator(".edit-grid[data-keys=ready][data-drafts=kept]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        await page.GetByLabel("信访事件数值").FillAsync("80");
        await page.GetByLabel("信访事件备注").FillAsync("核对台账后更正");
        await page.GetByLabel("信访事件修改原因").FillAsync("台账复核");
        await page.GetByLabel("调解成功率数值").FillAsync("99.5");
        await page.GetByLabel("调解成功率修改原因").FillAsync("台账复核");
        await page.GetByLabel("调解成功率修改原因").PressAsync("Tab");
        await page.WaitForFunctionAsync("() => Object.values(sessionStorage).some(d => d.includes('99.5') && d.includes('核对台账后更正'))");

        await app.KillAsync();
        await Expect(page.Locator("#connection-badge")).ToContainTextAsync("未保存的修改已暂存在本浏览器中");
        await app.StartAsync();

        // The page reloads onto the new server by itself and puts the edits back, unsaved.
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已恢复到表格中，尚未保存", new() { Timeout = 15_000 });
        await Expect(page.GetByLabel("信访事件数值")).ToHaveValueAsync("80");
        await Expect(page.GetByLabel("信访事件备注")).ToHaveValueAsync("核对台账后更正");
        await Expect(page.GetByLabel("调解成功率数值")).ToHaveValueAsync("99.5");
        await Expect(page.Locator("tr.is-dirty")).ToHaveCountAsync(2);
        Assert.Equal((73m, 100m), await StoredAsync(app));

        await page.GetByRole(AriaRole.Button, new() { Name = "保存（2 项修改）" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已保存 2 项修改");
        Assert.Equal((80m, 99.5m), await StoredAsync(app));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => Object.keys(sessionStorage).filter(k => k.startsWith('dashboard.draft:')).length"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AReportReviewSurvivesARestartWithItsDecisionsAndImportsAfterwards()
    {
        await using var app = new AppProcess(QuickRetries);
        await app.StartAsync();
        var page = await SignInAsync(app, "/reports/import?org=luoxing");
        await page.Locator(".import-page[data-drafts=kept] .report-paste[data-ready=true]").WaitForAsync();
        await page.GetByPlaceholder("在此粘贴报告全文").FillAsync(EarlierReport.Text.Replace("2023", "2019", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "识别数字" }).ClickAsync();
        await Expect(page.Locator("[data-testid=import-summary]")).ToContainTextAsync("找到 14 个数字");

        // The clerk drops one figure and corrects another; the review is kept in the tab as it changes.
        await page.Locator("tr[data-proposal]:has(.proposal-table__raw:text-is('45条')) [data-testid=proposal-accept]").UncheckAsync();
        var petitions = page.Locator("tr[data-proposal]:has(.proposal-table__raw:text-is('58件')) input[aria-label=数值]");
        await petitions.FillAsync("59");
        await petitions.PressAsync("Tab");
        await page.WaitForFunctionAsync("() => Object.values(sessionStorage).some(d => d.includes('\"59\"') && d.includes('\"false\"'))");

        await app.KillAsync();
        await Expect(page.Locator("#connection-badge")).ToContainTextAsync("未保存的修改已暂存在本浏览器中");
        await app.StartAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已恢复，尚未导入", new() { Timeout = 15_000 });
        await Expect(page.Locator("[data-testid=proposal-accept]:checked")).ToHaveCountAsync(13);
        await Expect(petitions).ToHaveValueAsync("59");
        await page.Locator("[data-testid=import-commit]").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("和 13 项数据");
        var db = new DashboardDb(app.DatabasePath);
        var organization = (await new CatalogQueries(db).GetOrganizationAsync("luoxing"))!;
        var figures = await new FigureQueries(db).GetFiguresAsync(organization.Id, 2019, Reader.System("测试"));
        Assert.Equal(59, figures.Single(f => f.IndicatorCode == "petitions_handled").Value);
        Assert.DoesNotContain(figures, f => f.IndicatorCode == "legal_outreach_slogans");
        Assert.Equal(0, await page.EvaluateAsync<int>("() => Object.keys(sessionStorage).filter(k => k.startsWith('dashboard.draft:')).length"));
        await page.Context.CloseAsync();
    }

    private async Task<IPage> SignInAsync(AppProcess app, string path)
    {
        await app.AddUserAsync("clerk", Role.Editor, "grid-work-survives-7");
        var page = await (await browser.Browser.NewContextAsync(new() { Locale = "zh-CN" })).NewPageAsync();
        await BrowserFixture.SignInAsync(page, app.BaseAddress, "clerk", "grid-work-survives-7", path);
        return page;
    }

    private static async Task<(decimal Petitions, decimal Rate)> StoredAsync(AppProcess app)
    {
        var db = new DashboardDb(app.DatabasePath);
        var organization = (await new CatalogQueries(db).GetOrganizationAsync("luoxing"))!;
        var figures = await new FigureQueries(db).GetFiguresAsync(organization.Id, 2024, Reader.System("测试"));
        return (figures.Single(f => f.IndicatorCode == "petitions_handled").Value, figures.Single(f => f.IndicatorCode == "mediation_success_rate").Value);
    }
}
