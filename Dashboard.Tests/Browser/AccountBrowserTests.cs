using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class AccountBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task SigningInShowsTheAdministratorsEntryPointAndSigningOutTakesItAway()
    {
        var name = $"admin{Guid.NewGuid():N}"[..12];
        await browser.App.AddUserAsync(name, Role.Admin, "browser-password-1");
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };

        await page.GotoAsync(browser.App.BaseAddress + "/account/signin");
        await page.GetByLabel("用户名").FillAsync(name);
        await page.GetByLabel("密码").FillAsync("browser-password-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();

        await page.Locator("[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "用户管理" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("signed-in-user")).ToHaveTextAsync(name);

        await page.GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "登录" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "用户管理" })).ToHaveCountAsync(0);
        await page.GotoAsync(browser.App.BaseAddress + "/admin/users");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/signin"));
        Assert.Empty(errors);
        await context.DisposeAsync();
    }
}
