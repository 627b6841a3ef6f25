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
        var errors = new List<string>();
        var (page, name) = await browser.SignInAsNewUserAsync(role, consoleErrors: errors);

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
        await page.Context.CloseAsync();
    }
}
