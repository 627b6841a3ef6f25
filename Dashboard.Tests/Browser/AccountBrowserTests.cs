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

    /// <summary>
    /// Signing in with an address to come back to that another site wrote (as it arrives in the query): one that leads elsewhere once a browser
    /// resolves it lands on the app's own front page; one with Chinese characters lands on it (percent-encoded), signed in.
    /// </summary>
    [Theory]
    [InlineData("/a/..//evil.example/", "/")]
    [InlineData("/.%2E/%2Fevil.example/", "/")]
    [InlineData("/%5Cevil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/%E6%8A%A5%E5%91%8A", "/%E6%8A%A5%E5%91%8A")]
    [InlineData("%2F%E3%80%82%2Fx%3Fyear%3D%E5%B9%B4", "/%E3%80%82/x?year=%E5%B9%B4")]
    public async Task SigningInComesBackOnlyToAnAddressOfTheAppAndAlwaysComesBack(string returnUrlAsSent, string landing)
    {
        var name = $"u{Guid.NewGuid():N}"[..12];
        await browser.App.AddUserAsync(name, Role.Viewer, "browser-password-1");
        var context = await browser.Browser.NewContextAsync(new() { Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        var own = new Uri(browser.App.BaseAddress);

        await page.GotoAsync(browser.App.BaseAddress + "/account/signin?returnUrl=" + returnUrlAsSent);
        await page.GetByLabel("用户名").FillAsync(name);
        await page.GetByLabel("密码").FillAsync("browser-password-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/signin"));

        var at = new Uri(page.Url);
        Assert.Equal((own.Host, own.Port), (at.Host, at.Port));
        Assert.Equal(landing, at.PathAndQuery);
        await Expect(page.GetByTestId("signed-in-user")).ToHaveTextAsync(name);
        await context.CloseAsync();
    }
}
