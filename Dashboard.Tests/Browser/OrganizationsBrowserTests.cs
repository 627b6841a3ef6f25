using System.Text.RegularExpressions;
using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>A district with two streets, a fresh install's first screen, and its printout — in Chromium.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OrganizationsBrowserTests(BrowserFixture browser)
{
    private const string Password = "browser-password-1";

    [Fact]
    public async Task AFreshInstallsFirstScreenDrawsChartsOfItsOneYearAndPrintsWithoutTheAppChrome()
    {
        await using var app = new DashboardApp(kestrel: true);
        app.StartServer();
        var page = await browser.OpenAsync(app.BaseAddress, "/");

        // Every chart card draws its year: a gauge for the rate, a donut for 524余场 and its parts, bars for counts.
        var cards = await page.Locator(".yoy-chart").CountAsync();
        Assert.True(cards >= 8, $"{cards} chart cards");
        await Expect(page.Locator(".apex-chart[data-drawn=true]")).ToHaveCountAsync(cards);
        await Expect(page.Locator("#chart-mediation_success_rate .apexcharts-radialbar")).ToHaveCountAsync(1);
        await Expect(page.Locator("#chart-safety_outreach_events .apexcharts-pie")).ToHaveCountAsync(1);
        await Expect(page.Locator("#chart-administrative_disputes .apexcharts-bar-series")).ToHaveCountAsync(1);
        await Expect(page.Locator(".dashboard")).Not.ToContainTextAsync("上年无数据");

        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(page.Locator(".app-bar")).ToBeHiddenAsync();
        await Expect(page.Locator(".dashboard__picker").First).ToBeHiddenAsync();
        await Expect(page.GetByTestId("print-as-of")).ToContainTextAsync(new Regex(@"数据截至 \d{4}年\d{1,2}月"));
        var pdf = await page.PdfAsync(new() { PreferCSSPageSize = true, PrintBackground = true });
        var pages = Regex.Matches(System.Text.Encoding.Latin1.GetString(pdf), @"/Type\s*/Page[^s]").Count;
        Assert.InRange(pages, 2, 12);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ADistrictsLeaderSwitchesBetweenItsStreetsAndAStreetsClerkSeesOnlyTheirOwn()
    {
        await using var app = new DashboardApp(kestrel: true);
        app.StartServer();
        var system = Actor.System("test");
        var organizations = app.Services.GetRequiredService<OrganizationCommands>();
        Assert.Empty(await organizations.AddAsync(new OrganizationSave { Code = "fuling", Name = "涪陵区", Kind = "区" }, system));
        Assert.Empty(await organizations.AddAsync(new OrganizationSave { Code = "chongyi", Name = "崇义街道", Kind = "街道", ParentCode = "fuling" }, system));
        Assert.Empty(await organizations.UpdateAsync("luoxing", new OrganizationSave { Code = "luoxing", Name = "罗星街道", Kind = "街道", ParentCode = "fuling" }, system));
        var catalog = app.Services.GetRequiredService<CatalogQueries>();
        var district = (await catalog.GetOrganizationAsync("fuling"))!;
        var chongyi = (await catalog.GetOrganizationAsync("chongyi"))!;
        var petitions = (await catalog.GetIndicatorAsync("petitions_handled"))!;
        Assert.True((await app.Services.GetRequiredService<FigureCommands>().SaveAsync(new FigureSave
        {
            OrganizationId = chongyi.Id, IndicatorId = petitions.Id, Year = 2024, Value = 41, Qualifier = Qualifier.Exact, Status = FigureStatus.Provisional,
        }, system)).Succeeded);
        var accounts = app.Services.GetRequiredService<AccountService>();
        await accounts.CreateUserAsync("district-leader", Role.Viewer, Password, system, district.Id);
        await accounts.CreateUserAsync("chongyi-clerk", Role.Editor, Password, system, chongyi.Id);

        // The district's leader opens 罗星街道 and switches to 崇义街道 in the picker: its provisional figure is theirs to see.
        var leader = await (await browser.Browser.NewContextAsync(new() { Locale = "zh-CN", ViewportSize = new() { Width = 1920, Height = 1080 } })).NewPageAsync();
        await BrowserFixture.SignInAsync(leader, app.BaseAddress, "district-leader", Password, "/?org=luoxing");
        await Expect(leader.Locator("h1")).ToContainTextAsync("罗星街道 · 2024 年度");
        await leader.Locator(".dashboard__picker select").First.SelectOptionAsync("chongyi");
        await Expect(leader.Locator("h1")).ToContainTextAsync("崇义街道 · 2024 年度");
        Assert.Contains("org=chongyi", leader.Url);
        await Expect(leader.Locator("#tile-petitions_handled .kpi-tile__value")).ToHaveTextAsync("41件");
        await leader.Context.CloseAsync();

        // The street's clerk: the grid is their street's; another street's address is refused, with nothing of it shown.
        var clerk = await (await browser.Browser.NewContextAsync(new() { Locale = "zh-CN", ViewportSize = new() { Width = 1920, Height = 1080 } })).NewPageAsync();
        await BrowserFixture.SignInAsync(clerk, app.BaseAddress, "chongyi-clerk", Password, "/figures/edit");
        await Expect(clerk.Locator("h1")).ToHaveTextAsync("数据录入 · 崇义街道");
        await Expect(clerk.GetByLabel("信访事件数值")).ToHaveValueAsync("41");
        await Expect(clerk.GetByTestId("organization-picker")).ToHaveCountAsync(0);
        await clerk.GotoAsync(app.BaseAddress + "/figures/edit?org=luoxing");
        await clerk.Locator("[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Expect(clerk.GetByRole(AriaRole.Alert)).ToHaveTextAsync("您没有“罗星街道”的编辑权限。");
        await Expect(clerk.Locator(".edit-grid")).ToHaveCountAsync(0);
        // Its menu keeps the organization and the year in view: 最近修改 opens 崇义街道's.
        await clerk.GotoAsync(app.BaseAddress + "/figures/edit?org=chongyi");
        await clerk.Locator("[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Expect(clerk.GetByRole(AriaRole.Link, new() { Name = "最近修改" })).ToHaveAttributeAsync("href", "figures/changes?org=chongyi&year=2024");
        await clerk.Context.CloseAsync();
    }
}
