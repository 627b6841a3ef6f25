using Dashboard.Data.Users;
using Dashboard.Tests.Support;
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
        await page.Locator(".edit-grid[data-keys=ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
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
}
