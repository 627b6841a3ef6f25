using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class DataEntryBrowserTests(BrowserFixture browser)
{
    private async Task<IPage> SignedInEditorAsync()
    {
        var (page, _) = await browser.SignInAsNewUserAsync(Role.Editor, "/figures/edit?year=2024");
        await page.Locator("tr[data-indicator] [data-col='0']").First.WaitForAsync();
        // The grid's keyboard module is attached after the first interactive render.
        await page.Locator(".edit-grid[data-keys=ready][data-drafts=kept]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        return page;
    }

    [Fact]
    public async Task EnterAndArrowsMoveBetweenRowsLikeASpreadsheet()
    {
        var page = await SignedInEditorAsync();
        var disputes = page.GetByLabel("矛盾纠纷排查调处数值");
        var rate = page.GetByLabel("调解成功率数值");
        var petitions = page.GetByLabel("信访事件数值");

        await disputes.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(rate).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(petitions).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowUp");
        await Expect(rate).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("调解成功率写法")).ToBeFocusedAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnotherEditorsSaveOfTheFigureBeingTypedKeepsTheTypingAndOffersTheChoice()
    {
        // 2022 (sample figures): a year the other browser tests leave alone.
        var (page, _) = await browser.SignInAsNewUserAsync(Role.Editor, "/figures/edit?year=2022");
        await page.Locator(".edit-grid[data-keys=ready][data-drafts=kept]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var drugUsers = page.GetByLabel("在册吸毒人员数值");
        var disputes = page.GetByLabel("矛盾纠纷排查调处数值");
        await drugUsers.FillAsync("91");   // typed, the cursor still in the box: the server has not heard of it
        await Expect(drugUsers).ToBeFocusedAsync();

        // Another editor saves that figure and another one of the year.
        var db = browser.App.Services.GetRequiredService<Dashboard.Data.DashboardDb>();
        var organization = (await new Dashboard.Data.Catalog.CatalogQueries(db).GetOrganizationAsync("luoxing"))!;
        var stored = await new Dashboard.Data.Figures.FigureQueries(db).GetFiguresAsync(organization.Id, 2022, Reader.System("测试"));
        Dashboard.Data.Figures.FigureSave Change(string code, decimal value) => stored.Single(f => f.IndicatorCode == code) is var figure
            ? new() { OrganizationId = figure.OrganizationId, IndicatorId = figure.IndicatorId, Year = 2022, Value = value, Qualifier = figure.Qualifier,
                Status = Dashboard.Data.FigureStatus.Provisional, SourceText = figure.SourceText, ExpectedVersion = figure.Version, Reason = "另一位编辑" }
            : throw new InvalidOperationException();
        var result = await browser.App.Services.GetRequiredService<Dashboard.Data.Figures.FigureCommands>().SaveBatchAsync(
            [Change("registered_drug_users", 87), Change("disputes_mediated", 733)], Dashboard.Data.Users.Actor.System("lisi"));
        Assert.True(result.Succeeded);

        await Expect(disputes).ToHaveValueAsync("733");
        await Expect(page.Locator("tr[data-indicator=registered_drug_users] .edit-conflict")).ToContainTextAsync("已改为 87");
        await Expect(page.Locator("tr[data-indicator=registered_drug_users] .edit-conflict")).ToContainTextAsync("您正在修改此项");
        await Expect(drugUsers).ToHaveValueAsync("91");
        await drugUsers.PressAsync("Tab");
        await Expect(page.Locator("tr[data-indicator=registered_drug_users] .edit-conflict")).ToContainTextAsync("您填写的是 91");
        await Expect(drugUsers).ToHaveValueAsync("91");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("click")]
    [InlineData("Control+s")]
    public async Task AValueTypedAndSavedWithOneClickOrCtrlSIsSavedByIt(string save)
    {
        // An app of its own: this test saves a 2024 figure the other tests read.
        await using var app = new DashboardApp(sampleData: true, kestrel: true);
        await app.AddUserAsync("clerk", Role.Editor, "browser-password-1");
        var page = await (await browser.Browser.NewContextAsync(new() { Locale = "zh-CN", ViewportSize = new() { Width = 1920, Height = 1080 } })).NewPageAsync();
        await BrowserFixture.SignInAsync(page, app.BaseAddress, "clerk", "browser-password-1", "/figures/edit?year=2024");
        await page.Locator(".edit-grid[data-keys=ready][data-drafts=kept]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.GetByLabel("信访事件修改原因").FillAsync("台账复核");
        await page.GetByLabel("信访事件数值").ClearAsync();
        await page.GetByLabel("信访事件数值").PressSequentiallyAsync("74");   // typed key by key, as a clerk does

        // The cursor is still in the box: the click (or Ctrl+S) itself sends the value (the box's change, then the save).
        if (save == "click") await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^保存") }).ClickAsync();
        else await page.Keyboard.PressAsync(save);

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已保存 1 项修改");
        var db = app.Services.GetRequiredService<Dashboard.Data.DashboardDb>();
        var organization = (await new Dashboard.Data.Catalog.CatalogQueries(db).GetOrganizationAsync("luoxing"))!;
        var stored = await new Dashboard.Data.Figures.FigureQueries(db).GetFiguresAsync(organization.Id, 2024, Reader.System("测试"));
        Assert.Equal(74m, stored.Single(f => f.IndicatorCode == "petitions_handled").Value);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task LeavingWithUnsavedChangesAsksFirst()
    {
        var page = await SignedInEditorAsync();
        await page.GetByLabel("信访事件数值").FillAsync("80");
        await page.GetByLabel("信访事件备注").FocusAsync();
        var asked = new TaskCompletionSource<string>();
        page.Dialog += async (_, dialog) =>
        {
            await dialog.DismissAsync();
            asked.TrySetResult(dialog.Message);
        };

        await page.GetByRole(AriaRole.Link, new() { Name = "法治政府建设指标看板" }).ClickAsync();

        Assert.Equal("有未保存的修改，确定要离开吗？", await asked.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("数据录入");
        await Expect(page.GetByLabel("信访事件数值")).ToHaveValueAsync("80");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AColumnCopiedFromASpreadsheetFillsTheRowsBelow()
    {
        var page = await SignedInEditorAsync();

        // What Excel or WPS puts on the clipboard for three cells of a column.
        await page.GetByLabel("矛盾纠纷排查调处数值").EvaluateAsync("""
            (box, text) => {
              const data = new DataTransfer();
              data.setData('text/plain', text);
              box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
            }
            """, "900\r\n９９\r\n80\r\n");

        await Expect(page.GetByLabel("矛盾纠纷排查调处数值")).ToHaveValueAsync("900");
        await Expect(page.GetByLabel("调解成功率数值")).ToHaveValueAsync("99");
        await Expect(page.GetByLabel("信访事件数值")).ToHaveValueAsync("80");
        await Expect(page.Locator("tr.is-dirty")).ToHaveCountAsync(3);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ANoteLongerThanAllowedIsRefusedWholeNotCutAndAFullNoteKeepsTheIndicatorPageInShape()
    {
        var page = await SignedInEditorAsync();
        var note = string.Concat(Enumerable.Repeat("台账核对后补录的说明", 60));   // 600 characters, no spaces

        await page.GetByLabel("街道法律顾问备注").FillAsync(note);
        await page.GetByLabel("街道法律顾问修改原因").FillAsync("补充说明");
        await page.GetByLabel("街道法律顾问修改原因").PressAsync("Tab");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存（1 项修改）" }).ClickAsync();

        await Expect(page.Locator("tr[data-indicator=legal_advisers] .edit-problem")).ToContainTextAsync("备注不能超过 500 个字");
        await Expect(page.GetByLabel("街道法律顾问备注")).ToHaveValueAsync(note);
        await Expect(page.GetByLabel("街道法律顾问数值")).ToBeFocusedAsync();   // the first row with a problem

        await page.GetByLabel("街道法律顾问备注").FillAsync(note[..500]);
        await page.GetByLabel("街道法律顾问备注").PressAsync("Tab");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存（1 项修改）" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已保存 1 项修改");

        await page.GotoAsync(browser.App.BaseAddress + "/indicators/legal_advisers");
        await Expect(page.Locator(".indicator-history")).ToContainTextAsync(note[..20]);
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, innerWidth]");
        Assert.True(widths[0] <= widths[1], $"the page scrolls sideways: {widths[0]} > {widths[1]}");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ANewYearIsOfferedOnceAndTheNextOnlyAfterItHasFigures()
    {
        var page = await SignedInEditorAsync();
        var latest = (await browser.App.Services.GetRequiredService<Dashboard.Data.Figures.FigureQueries>().GetYearsAsync(1, Reader.System("测试"))).Max();

        await page.GetByRole(AriaRole.Button, new() { Name = $"新增 {latest + 1} 年度" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"year={latest + 1}"));
        await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^新增") })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task UnsavedWorkOfOneUserNeverReachesTheNextUserOfTheSameTab()
    {
        var (first, second) = ($"a{Guid.NewGuid():N}"[..12], $"b{Guid.NewGuid():N}"[..12]);
        await browser.App.AddUserAsync(first, Role.Editor, "first-clerk-secret");
        await browser.App.AddUserAsync(second, Role.Editor, "second-clerk-secret");
        var context = await browser.Browser.NewContextAsync(new() { Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        async Task SignInAsync(string name, string password)
        {
            await BrowserFixture.SignInAsync(page, browser.App.BaseAddress, name, password, "/figures/edit?year=2024");
            await page.Locator(".edit-grid[data-keys=ready][data-drafts=kept]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        }

        await SignInAsync(first, "first-clerk-secret");
        var stored = await page.GetByLabel("信访事件数值").InputValueAsync();
        await page.GetByLabel("信访事件数值").FillAsync("999");
        await page.GetByLabel("信访事件数值").PressAsync("Tab");
        await page.WaitForFunctionAsync("() => Object.values(sessionStorage).some(d => d.includes('999'))");
        // The draft is kept by the browser as it is typed; the question before leaving is armed once the server has
        // the change (a round trip later). Signing out before that leaves without a question — wait for the page to
        // be one that asks (a beforeunload it cancels).
        await page.WaitForFunctionAsync("() => { const leaving = new Event('beforeunload', { cancelable: true }); window.dispatchEvent(leaving); return leaving.defaultPrevented; }");
        // Leave with unsaved changes? — yes, whenever asked. Nothing is asked of the page while its question is open: a
        // wait inside a page held by a beforeunload dialog could hang (it did, once in a while, under a full test run).
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        page.Dialog += async (_, dialog) =>
        {
            try
            {
                await dialog.AcceptAsync();
            }
            catch (PlaywrightException)
            {
                // The page went while the question was being answered.
            }
            answered.TrySetResult();
        };
        // Clicked from the page itself: the question before leaving holds the navigation that a Playwright click waits for.
        await page.GetByRole(AriaRole.Button, new() { Name = "退出" }).EvaluateAsync("button => setTimeout(() => button.click())");
        await answered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // Signing out goes through a form post and a redirect (the open page, told its session ended, may go to the sign-in
        // page first): on a busy machine that takes a while.
        // (The address is polled, not awaited as a navigation: one of the two navigations is aborted by the other.)
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("^(?!.*/figures/edit)"), new() { Timeout = 30_000 });
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "登录" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await SignInAsync(second, "second-clerk-secret");

        await Expect(page.GetByLabel("信访事件数值")).ToHaveValueAsync(stored);
        await Expect(page.Locator("tr.is-dirty")).ToHaveCountAsync(0);
        Assert.False(await page.EvaluateAsync<bool>("() => Object.values(sessionStorage).some(d => d.includes('999'))"));
        await context.CloseAsync();
    }
}
