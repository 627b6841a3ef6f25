using Bunit;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Dashboard.Web.Components.Pages.Admin;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Pages;

public sealed class UsersPageTests
{
    [Fact]
    public async Task AnAdministratorAddsAUserWhoThenAppearsWithTheirRole()
    {
        await using var context = await PageContext.CreateAsync();
        await context.SignInAsync("admin", Role.Admin);
        var page = context.Bunit.Render<UsersPage>();

        var luoxing = (await new Dashboard.Data.Catalog.CatalogQueries(context.Database.Db).GetOrganizationAsync("luoxing"))!;
        await page.Find("input[type=text]").ChangeAsync(new ChangeEventArgs { Value = "wangwu" });
        await page.Find("[data-testid=new-user-role]").ChangeAsync(new ChangeEventArgs { Value = "Editor" });
        await page.Find("[data-testid=new-user-scope]").ChangeAsync(new ChangeEventArgs { Value = luoxing.Id.ToString() });
        await page.FindAll("input[type=password]").Last().ChangeAsync(new ChangeEventArgs { Value = "violet-harbor-window-8" });
        await page.FindAll("button").Single(b => b.TextContent.Trim() == "添加").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("已添加用户 wangwu（编辑者（工作人员），罗星街道）", page.Find("[role=status]").TextContent));
        Assert.NotNull(page.Find("tr[data-user=wangwu]"));
        var added = (await new UserQueries(context.Database.Db).GetUserAsync("wangwu"))!;
        Assert.Equal((Role.Editor, (long?)luoxing.Id), (added.Role, added.OrganizationId));
    }

    /// <summary>The widest scope is never the default: an administrator who does not choose adds nobody.</summary>
    [Fact]
    public async Task AUserIsNotAddedUntilTheirOrganizationIsChosenNotEvenForEveryOrganization()
    {
        await using var context = await PageContext.CreateAsync();
        await context.SignInAsync("admin", Role.Admin);
        var page = context.Bunit.Render<UsersPage>();
        Assert.Equal("choose", page.Find("[data-testid=new-user-scope] option[selected]").GetAttribute("value"));

        await page.Find("input[type=text]").ChangeAsync(new ChangeEventArgs { Value = "wangwu" });
        await page.FindAll("input[type=password]").Last().ChangeAsync(new ChangeEventArgs { Value = "violet-harbor-window-8" });
        await page.FindAll("button").Single(b => b.TextContent.Trim() == "添加").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("请选择适用单位", page.Find("[role=status]").TextContent));
        Assert.Null(await new UserQueries(context.Database.Db).GetUserAsync("wangwu"));
    }

    [Fact]
    public async Task AShortPasswordIsRefusedWithAClearMessageAndNoUserIsAdded()
    {
        await using var context = await PageContext.CreateAsync();
        await context.SignInAsync("admin", Role.Admin);
        var page = context.Bunit.Render<UsersPage>();

        await page.Find("input[type=text]").ChangeAsync(new ChangeEventArgs { Value = "wangwu" });
        await page.Find("[data-testid=new-user-scope]").ChangeAsync(new ChangeEventArgs { Value = "" });
        await page.FindAll("input[type=password]").Last().ChangeAsync(new ChangeEventArgs { Value = "short" });
        await page.FindAll("button").Single(b => b.TextContent.Trim() == "添加").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("密码至少需要 10 个字符", page.Find("[role=status]").TextContent));
        Assert.Equal(["admin"], (await new UserQueries(context.Database.Db).GetUsersAsync()).Select(u => u.UserName));
    }

    [Fact]
    public async Task AnAddressWaitingAfterManyFailedSignInsIsListedAndLiftedWithOneClick()
    {
        await using var context = await PageContext.CreateAsync();
        var accounts = context.Bunit.Services.GetRequiredService<AccountService>();
        for (var i = 0; i < 21; i++) await accounts.SignInAsync($"guess-{i}", "wrong-password", "10.0.0.9");
        await context.SignInAsync("admin", Role.Admin);
        var page = context.Bunit.Render<UsersPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=waiting-addresses] tr[data-address='10.0.0.9']")));

        await page.Find("tr[data-address='10.0.0.9'] button").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("已解除来自 10.0.0.9 的登录限制", page.Find("[role=status]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=waiting-addresses]"));
        Assert.Empty(await accounts.WaitingAddressesAsync());
    }

    [Fact]
    public async Task DisablingAUserShowsItAndIsRecorded()
    {
        await using var context = await PageContext.CreateAsync();
        await context.Bunit.Services.GetRequiredService<AccountService>().CreateUserAsync("wangwu", Role.Editor, "violet-harbor-window-8", Actor.System("test"));
        await context.SignInAsync("admin", Role.Admin);
        var page = context.Bunit.Render<UsersPage>();

        await page.Find("tr[data-user=wangwu]").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "停用").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("已停用", page.Find("tr[data-user=wangwu]").TextContent));
        Assert.True((await new UserQueries(context.Database.Db).GetUserAsync("wangwu"))!.Disabled);
    }

    [Fact]
    public async Task EachUsersNotificationAddressIsListed()
    {
        await using var context = await PageContext.CreateAsync();
        var accounts = context.Bunit.Services.GetRequiredService<AccountService>();
        await accounts.CreateUserAsync("wangwu", Role.Editor, "violet-harbor-window-8", Actor.System("test"));
        await accounts.SetEmailAsync("wangwu", "wangwu@example.gov.cn", Actor.System("test"));
        await accounts.CreateUserAsync("zhaoliu", Role.Viewer, "violet-harbor-window-8", Actor.System("test"));
        await context.SignInAsync("admin", Role.Admin);

        var page = context.Bunit.Render<UsersPage>();

        Assert.Equal("wangwu@example.gov.cn", page.Find("tr[data-user=wangwu] [data-testid=user-email]").TextContent.Trim());
        Assert.Equal("未填写", page.Find("tr[data-user=zhaoliu] [data-testid=user-email]").TextContent.Trim());
    }

    [Fact]
    public async Task AnEditorWhoReachesThePageCannotChangeAnything()
    {
        await using var context = await PageContext.CreateAsync();
        await context.Bunit.Services.GetRequiredService<AccountService>().CreateUserAsync("wangwu", Role.Viewer, "violet-harbor-window-8", Actor.System("test"));
        // The page itself is for administrators only; this proves the server refuses even when it is reached.
        await context.SignInAsync("editor", Role.Editor);
        var page = context.Bunit.Render<UsersPage>();

        await page.Find("tr[data-user=wangwu]").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "停用").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("无权", page.Find("[role=status]").TextContent));
        Assert.False((await new UserQueries(context.Database.Db).GetUserAsync("wangwu"))!.Disabled);
    }

    [Fact]
    public async Task TheLastAdministratorCannotBeDisabled()
    {
        await using var context = await PageContext.CreateAsync();
        await context.Bunit.Services.GetRequiredService<AccountService>().CreateUserAsync("admin", Role.Admin, "violet-harbor-window-8", Actor.System("test"));
        await context.SignInAsync("admin", Role.Admin);
        var page = context.Bunit.Render<UsersPage>();

        await page.Find("tr[data-user=admin]").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "停用").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("至少需要保留一名可用的管理员", page.Find("[role=status]").TextContent));
        Assert.False((await new UserQueries(context.Database.Db).GetUserAsync("admin"))!.Disabled);
    }

    [Fact]
    public async Task AUserKeptOutByGuessesShowsAsRestrictedAndTheAdministratorLetsThemIn()
    {
        await using var context = await PageContext.CreateAsync();
        await context.SignInAsync("admin", Role.Admin);
        await Actors.SignInAsync(context.Database.Db, "wangwu", Role.Editor);
        var throttle = new SignInThrottle(context.Database.Db);
        for (var i = 0; i < 7; i++) await throttle.RecordFailureAsync("wangwu", "10.1.2.3", new SecurityOptions().Throttle, DateTimeOffset.UtcNow);
        var page = context.Bunit.Render<UsersPage>();
        page.WaitForAssertion(() => Assert.Contains("登录失败过多", page.Find("tr[data-user=wangwu]").TextContent));

        await page.Find("tr[data-user=wangwu]").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "解除限制").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("已解除 wangwu 的登录限制", page.Find("[role=status]").TextContent));
        Assert.DoesNotContain("登录失败过多", page.Find("tr[data-user=wangwu]").TextContent);
        Assert.Null(await throttle.WaitUntilAsync("wangwu", "10.1.2.3", new SecurityOptions().Throttle, DateTimeOffset.UtcNow));
    }
}
