using Dashboard.Data.Catalog;
using Dashboard.Data.Reports;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ReportEditorBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task AHundredThousandCharacterReportPastedIntoTheEditorIsStoredExactly()
    {
        var (page, name) = await browser.SignInAsNewUserAsync(Role.Editor, "/reports/edit?year=2021");
        await page.Locator(".report-editor__form[data-ready=true][data-drafts=kept]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var text = LongReport.Write(100_000);

        await page.GetByLabel("正文").FillAsync(text);
        await Expect(page.Locator(".report-editor__preview")).ToContainTextAsync(text[^40..].Split('\n')[^1]);
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("报告已保存");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("100,000 字");
        await Expect(page.Locator("#connection-badge")).ToBeHiddenAsync();
        var stored = await StoredReportAsync(2021);
        Assert.Equal(name, stored.UpdatedBy);
        Assert.Equal(text.Length, stored.Body.Length);
        Assert.True(text == stored.Body, "the stored body differs from the text in the editor");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ThePreviewMarksTheFiguresOfTheTextAsTypedAndTheSaveStoresIt()
    {
        var (page, name) = await browser.SignInAsNewUserAsync(Role.Editor, "/reports/edit?year=2024");
        await page.Locator(".report-editor__form[data-ready=true][data-drafts=kept]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var body = await page.GetByLabel("正文").InputValueAsync();

        await page.GetByLabel("正文").FillAsync(body.Replace("处理信访事件73件，", "处理信访事件73件（已核实），") + "\n\n<script>alert(1)</script>");

        await Expect(page.Locator(".report-editor__preview")).ToContainTextAsync("（已核实）");
        await Expect(page.Locator(".report-editor__preview")).ToContainTextAsync("<script>alert(1)</script>");
        await Expect(page.Locator(".report-editor__preview script")).ToHaveCountAsync(0);
        await Expect(page.Locator(".report-editor__preview mark[data-indicator=petitions_handled]")).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("报告已保存");
        var stored = await StoredReportAsync(2024);
        Assert.Contains("处理信访事件73件（已核实）", stored.Body);
        Assert.Equal(name, stored.UpdatedBy);
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// About 720,000 characters pasted (a whole folder of reports by mistake): the save says how long the text is and
    /// what the limit is, stores nothing, and the connection stays up — it once said nothing and saved nothing.
    /// </summary>
    [Fact]
    public async Task AVeryLargePasteIsRefusedWithItsLengthAndTheLimitAndNothingIsStored()
    {
        var (page, _) = await browser.SignInAsNewUserAsync(Role.Editor, "/reports/edit?year=2019");
        await page.Locator(".report-editor__form[data-ready=true][data-drafts=kept]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var text = LongReport.Write(720_000);

        // As a paste arrives: the whole text at once, then one input event.
        await page.GetByLabel("正文").EvaluateAsync("(box, text) => { box.value = text; box.dispatchEvent(new Event('input', { bubbles: true })); }", text);
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("正文有 720,000 字，超过 200,000 字的上限，未保存");
        await Expect(page.Locator("#connection-badge")).ToBeHiddenAsync();
        Assert.Null(await StoredReportOrNullAsync(2019));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task CtrlSSavesTheReportWithWhatWasJustTyped()
    {
        // A year of its own in the shared app (2018 is another test's report with figures typed in the grid).
        var (page, name) = await browser.SignInAsNewUserAsync(Role.Editor, "/reports/edit?year=2017");
        await page.Locator(".report-editor__form[data-ready=true][data-drafts=kept]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.GetByLabel("正文").FillAsync("# 2017 年度报告\n\n全年调处矛盾纠纷700件。");
        await page.GetByLabel("标题", new() { Exact = true }).ClearAsync();
        await page.GetByLabel("标题", new() { Exact = true }).PressSequentiallyAsync("2017 年度报告");   // the cursor stays in the box

        await page.Keyboard.PressAsync("Control+s");

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("报告已保存");
        var stored = await StoredReportAsync(2017);
        Assert.Equal(("2017 年度报告", name), (stored.Title, stored.UpdatedBy));
        Assert.Contains("全年调处矛盾纠纷700件", stored.Body);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TextNestedTooDeeplyIsShownPlainAndRefusedWithoutLosingIt()
    {
        var (page, _) = await browser.SignInAsNewUserAsync(Role.Editor, "/reports/edit?year=2022");
        await page.Locator(".report-editor__form[data-ready=true][data-drafts=kept]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var nested = new string('>', 200) + " 一段引用";

        await page.GetByLabel("正文").FillAsync(nested);
        await Expect(page.Locator(".report-editor__preview")).ToContainTextAsync("一段引用");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("层级嵌套过深");
        await Expect(page.GetByLabel("正文")).ToHaveValueAsync(nested);
        await Expect(page.Locator("#connection-badge")).ToBeHiddenAsync();
        Assert.Null(await StoredReportOrNullAsync(2022));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnEarlierVersionIsLoadedIntoTheEditorAndSavingItBringsItBack()
    {
        var (page, _) = await browser.SignInAsNewUserAsync(Role.Editor, "/reports/edit?year=2020");
        await page.Locator(".report-editor__form[data-ready=true][data-drafts=kept]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.GetByLabel("正文").FillAsync("# 第一稿\n\n全年调处矛盾纠纷800件。");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("报告已保存");
        await page.GetByLabel("正文").FillAsync("# 第二稿\n\n全文被误改。");
        await page.GetByLabel("修改说明").FillAsync("改写");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.Locator(".report-history li")).ToHaveCountAsync(2);

        await page.Locator(".report-history li").Nth(1).GetByRole(AriaRole.Button, new() { Name = "载入此版本" }).ClickAsync();
        await Expect(page.GetByLabel("正文")).ToHaveValueAsync("# 第一稿\n\n全年调处矛盾纠纷800件。");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("尚未保存");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("报告已保存");
        await Expect(page.Locator(".report-history li")).ToHaveCountAsync(3);
        await Expect(page.Locator(".report-history li").First).ToContainTextAsync("恢复为");
        Assert.Equal("# 第一稿\n\n全年调处矛盾纠纷800件。", (await StoredReportAsync(2020)).Body);
        await page.Context.CloseAsync();
    }

    private async Task<Report> StoredReportAsync(int year) => (await StoredReportOrNullAsync(year))!;

    private async Task<Report?> StoredReportOrNullAsync(int year)
    {
        var catalog = browser.App.Services.GetRequiredService<CatalogQueries>();
        var organization = (await catalog.GetOrganizationAsync("luoxing"))!;
        return await browser.App.Services.GetRequiredService<ReportQueries>().GetReportAsync(organization.Id, year, Reader.System("测试"));
    }
}
