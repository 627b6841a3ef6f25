using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class AccountBrowserTests(BrowserFixture browser)
{
    [Theory]
    [InlineData(Role.Editor, "数据录入", "/figures/edit")]
    [InlineData(Role.Admin, "用户管理", "/admin/users")]
    public async Task SigningInShowsTheEntryPointOfTheRoleAndSigningOutTakesItAway(Role role, string entryPoint, string path)
    {
        var name = $"user{Guid.NewGuid():N}"[..12];
        await browser.App.AddUserAsync(name, role, "browser-password-1");
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };

        await page.GotoAsync(browser.App.BaseAddress + "/account/signin");
        await page.GetByLabel("用户名").FillAsync(name);
        await page.GetByLabel("密码").FillAsync("browser-password-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();

        await page.Locator("[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = entryPoint })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("signed-in-user")).ToHaveTextAsync(name);
        await page.GetByRole(AriaRole.Link, new() { Name = entryPoint }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(path));
        await Expect(page.Locator("h1")).ToContainTextAsync(entryPoint);

        await page.GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "登录" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = entryPoint })).ToHaveCountAsync(0);
        await page.GotoAsync(browser.App.BaseAddress + path);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/signin"));
        // Leaving the dashboard while its charts load must not break the circuit (it once did).
        Assert.True(errors.Count == 0, string.Join("\n", errors.Concat(browser.App.Log.Where(l => l.StartsWith("Error")))));
        await context.DisposeAsync();
    }
}
