using System.Text;
using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Reports;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>The whole import in Chromium: an earlier year of 罗星街道 pasted, reviewed, imported, and marked on the dashboard.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ImportReportBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task APastedReportOfAnEarlierYearIsReviewedImportedAndItsFiguresAreMarkedOnTheDashboard()
    {
        // 2019: a year the sample history has nothing for. A full report's length, so the text is far more than one
        // circuit message (32 KB): the closing section is long and states no figures.
        var text = new StringBuilder(EarlierReport.Text.Replace("2023", "2019", StringComparison.Ordinal));
        for (var n = 0; text.Length < 20_000; n++)
        {
            text.Append("\n继续深化法治政府建设，完善重大行政决策程序，规范行政执法行为，加强基层法治队伍建设，推动矛盾纠纷就地化解。");
        }
        var (page, name) = await browser.SignInAsNewUserAsync(Role.Editor, "/reports/import?org=luoxing");
        await page.Locator(".report-paste[data-ready=true]").WaitForAsync();

        await page.GetByPlaceholder("在此粘贴报告全文").FillAsync(text.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "识别数字" }).ClickAsync();

        await Expect(page.Locator("[data-testid=import-summary]")).ToContainTextAsync("找到 14 个数字");
        await Expect(page.Locator("[data-testid=import-year]")).ToHaveValueAsync("2019");
        await Expect(page.Locator("a.import-mark")).ToHaveCountAsync(14);
        // Keyboard: the clerk drops one proposal with the space bar, then takes every sure one back in one action.
        await page.Locator("tr[data-proposal]:has(.proposal-table__raw:text-is('45条')) [data-testid=proposal-accept]").FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await Expect(page.Locator("[data-testid=proposal-accept]:checked")).ToHaveCountAsync(13);
        await page.Locator("[data-testid=accept-sure]").ClickAsync();
        await Expect(page.Locator("[data-testid=proposal-accept]:checked")).ToHaveCountAsync(14);
        await page.Locator("[data-testid=import-commit]").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已导入 2019 年度报告正文");
        var catalog = browser.App.Services.GetRequiredService<CatalogQueries>();
        var luoxing = (await catalog.GetOrganizationAsync("luoxing"))!;
        var report = (await browser.App.Services.GetRequiredService<ReportQueries>().GetReportAsync(luoxing.Id, 2019, Reader.System("测试")))!;
        Assert.Equal(name, report.UpdatedBy);
        Assert.True(report.Body.Length > 19_000, $"{report.Body.Length} characters stored");
        var figures = await browser.App.Services.GetRequiredService<FigureQueries>().GetFiguresAsync(luoxing.Id, 2019, Reader.System("测试"));
        Assert.Equal(14, figures.Count);

        // The dashboard of 2019 marks each imported figure in the report text, linked to its chart.
        await page.GotoAsync(browser.App.BaseAddress + "/?org=luoxing&year=2019");
        await Expect(page.Locator(".narrative mark[data-indicator]")).ToHaveCountAsync(14);
        await Expect(page.Locator(".narrative mark[data-indicator=disputes_mediated]")).ToHaveTextAsync("全年排查调处矛盾纠纷612件");
        await page.Context.CloseAsync();
    }
}

/// <summary>A report typed on /reports/edit for a year whose figures were entered in the grid: its sentences are linked to them.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportLinksBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task ADraftThatStatesTheGridFiguresMarksThemFlagsTheOneThatDisagreesAndTheSaveLinksThem()
    {
        // 2018: figures typed in the grid, no report yet.
        var services = browser.App.Services;
        var luoxing = (await services.GetRequiredService<CatalogQueries>().GetOrganizationAsync("luoxing"))!;
        var indicators = (await services.GetRequiredService<CatalogQueries>().GetIndicatorsAsync()).ToDictionary(i => i.Code);
        foreach (var (code, value) in new[] { ("disputes_mediated", 892m), ("mediation_success_rate", 98.5m), ("petitions_handled", 58m), ("administrative_litigation_cases", 12m) })
        {
            var saved = await services.GetRequiredService<FigureCommands>().SaveAsync(new FigureSave
            {
                OrganizationId = luoxing.Id, IndicatorId = indicators[code].Id, Year = 2018, Value = value, Status = FigureStatus.Provisional,
            }, Actor.System("grid"));
            Assert.True(saved.Succeeded);
        }
        var (page, _) = await browser.SignInAsNewUserAsync(Role.Editor, "/reports/edit?org=luoxing&year=2018");
        await page.Locator(".report-editor__form[data-ready=true][data-drafts=kept]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        await page.GetByLabel("正文").FillAsync("# 2018年度法治政府建设工作情况报告\n\n全年排查调处矛盾纠纷892件，调解成功率98.5%。受理信访事件58件。行政诉讼案件10件。");

        await Expect(page.Locator(".report-editor__preview mark[data-indicator]")).ToHaveCountAsync(3);
        await Expect(page.Locator("[data-testid=report-links] [data-indicator=administrative_litigation_cases]")).ToContainTextAsync("已录入 12件，正文却写“10件”：“行政诉讼案件10件。”");   // the whole sentence, not a clipped clause
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("3 项数据已与原文关联");
        var figures = await services.GetRequiredService<FigureQueries>().GetFiguresAsync(luoxing.Id, 2018, Reader.System("测试"));
        Assert.Equal("受理信访事件58件", figures.Single(f => f.IndicatorCode == "petitions_handled").SourceText);
        Assert.Equal("", figures.Single(f => f.IndicatorCode == "administrative_litigation_cases").SourceText);
        await page.Context.CloseAsync();
    }
}
