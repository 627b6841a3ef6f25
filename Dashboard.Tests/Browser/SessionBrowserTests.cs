using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using static Dashboard.Tests.Support.Actors;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>What an open page does when its user's rights end: at once when they are taken away, and after the idle
/// timeout when nobody gives input — whatever the page itself keeps doing.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SessionBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task AnAdministratorDemotedElsewhereLosesTheAdministratorsPageAtOnce()
    {
        await browser.App.AddUserAsync($"boss{Guid.NewGuid():N}"[..12], Role.Admin, "another-admin-lantern-5");   // the one who demotes
        var (page, name) = await browser.SignInAsNewUserAsync(Role.Admin, "/admin/users");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "用户管理" })).ToBeVisibleAsync();

        await browser.App.Services.GetRequiredService<AccountService>().SetRoleAsync(name, Role.Editor, Actor.System("另一位管理员"));

        // Not at the next minute's check: within a moment of the change.
        await Expect(page.GetByTestId("signed-in-user")).ToHaveCountAsync(0, new() { Timeout = 5_000 });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "用户管理" })).ToHaveCountAsync(0);
        // …and is taken to the sign-in page. Waiting for it also keeps the page from being closed mid-navigation,
        // which once left Chromium's context close hanging under a loaded machine.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/signin\\?returnUrl=%2Fadmin%2Fusers"), new() { Timeout = 10_000 });
        await Expect(page.GetByLabel("用户名")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SigningOutEverywhereElseSignsOutThePageOpenAtTheOtherDeskAtOnce()
    {
        var (otherDesk, name) = await browser.SignInAsNewUserAsync(Role.Editor, "/figures/changes");
        await Expect(otherDesk.GetByTestId("signed-in-user")).ToBeVisibleAsync();
        var here = await (await browser.Browser.NewContextAsync(new() { Locale = "zh-CN" })).NewPageAsync();
        await BrowserFixture.SignInAsync(here, browser.App.BaseAddress, name, "browser-password-1", "/figures/changes");
        await here.GotoAsync(browser.App.BaseAddress + "/account/password");   // a plain form, no live connection

        await here.GetByRole(AriaRole.Button, new() { Name = "退出其他所有登录" }).ClickAsync();

        await Expect(here.GetByRole(AriaRole.Status)).ToContainTextAsync("已退出您在其他浏览器和电脑上的所有登录");
        await Expect(otherDesk.GetByTestId("signed-in-user")).ToHaveCountAsync(0, new() { Timeout = 5_000 });
        await Expect(otherDesk).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/signin"), new() { Timeout = 10_000 });
        await here.GotoAsync(browser.App.BaseAddress + "/figures/changes");
        await Expect(here.GetByTestId("signed-in-user")).ToBeVisibleAsync();
        await otherDesk.Context.CloseAsync();
        await here.Context.CloseAsync();
    }

    [Fact]
    public async Task AnUnattendedSignedInDeckFallsBackToTheVisitorsViewAfterTheIdleTimeout()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new DashboardApp(kestrel: true, clock: clock);
        app.StartServer();
        var db = app.Services.GetRequiredService<DashboardDb>();
        var organization = (await new CatalogQueries(db).GetOrganizationAsync("luoxing"))!;
        var petitions = (await new CatalogQueries(db).GetIndicatorAsync("petitions_handled"))!;
        await new FigureCommands(db, clock).SaveAsync(new FigureSave
        {
            OrganizationId = organization.Id, IndicatorId = petitions.Id, Year = 2025, Value = 88, Qualifier = Qualifier.Exact, Status = FigureStatus.Provisional,
        }, Writer("录入员"));
        await app.AddUserAsync("leader", Role.Viewer, "meeting-room-screen-7");
        var page = await browser.OpenAsync(app.BaseAddress, "/");
        await BrowserFixture.SignInAsync(page, app.BaseAddress, "leader", "meeting-room-screen-7", "/present?interval=60");
        await Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("2025 年度"));   // the provisional year
        // The title comes with the prerendered page; the deck's own timer starts once its circuit has loaded the view.
        // A minute advanced before that would be lost, and the slide would never move.
        await Expect(page.Locator(".deck")).ToHaveAttributeAsync("data-advancing", "true");

        // Thirty minutes with nobody at the screen: the deck moves on every minute by itself (its own messages to the
        // server, which once counted as activity and kept it signed in for good), still signed in.
        for (var minute = 1; minute <= 30; minute++)
        {
            var before = await page.Locator(".deck").GetAttributeAsync("data-slide-number");
            clock.Advance(TimeSpan.FromMinutes(1));
            await Expect(page.Locator(".deck")).Not.ToHaveAttributeAsync("data-slide-number", before!);
        }
        await Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("2025 年度"));

        // Past the idle timeout: what a visitor sees, without the provisional year.
        clock.Advance(TimeSpan.FromMinutes(1));
        await Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("2024 年度"));
        await page.Context.CloseAsync();
    }
}
