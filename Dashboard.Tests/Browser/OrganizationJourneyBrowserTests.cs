using System.Text.RegularExpressions;
using Dashboard.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

/// <summary>
/// The clerk of a street that is not the first of the install, in Chromium: from signing in through the pickers, a
/// chart's details, the breadcrumb, the menu and the deck, every step shows that street and the year chosen — never
/// the first street's figures or the latest year.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OrganizationJourneyBrowserTests(BrowserFixture browser, DistrictApp.OnKestrel district) : IClassFixture<DistrictApp.OnKestrel>
{
    private string Base => district.App.BaseAddress;

    [Fact]
    public async Task TheClerkOfTheSecondStreetStaysOnItsFiguresAndTheChosenYearFromSignInToDeck()
    {
        var context = await browser.Browser.NewContextAsync(new() { Locale = "zh-CN", ViewportSize = new() { Width = 1920, Height = 1080 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(Base + "/account/signin");
        await page.GetByLabel("用户名").FillAsync(DistrictApp.Clerk);
        await page.GetByLabel("密码").FillAsync(SignedInApp.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.Locator("[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        // Signed in: their own street, not the install's first.
        await Expect(page).ToHaveURLAsync(new Regex($@"/\?org={DistrictApp.Street}$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync($"{DistrictApp.StreetName} · 2025 年度");

        // Another year from the picker: the street stays.
        await page.GetByTestId("year-picker").Locator("select").SelectOptionAsync("2023");
        await Expect(page).ToHaveURLAsync(new Regex($@"org={DistrictApp.Street}&year=2023$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync($"{DistrictApp.StreetName} · 2023 年度");

        // A chart's details: the street's indicator, the year still marked.
        await page.Locator("#chart-mediation_success_rate a[title$='指标详情']").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($@"/indicators/mediation_success_rate\?org={DistrictApp.Street}&year=2023$"));
        await Expect(page.Locator(".indicator-history tr[aria-current=true] .indicator-history__value")).ToHaveTextAsync("97.2%");
        await Expect(page.Locator(".indicator-history tr[data-year='2025'] .indicator-history__value")).ToHaveTextAsync("98.5%");

        // Back by the breadcrumb, then on by the menu: the same street and year.
        await page.GetByRole(AriaRole.Link, new() { Name = "看板", Exact = true }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync($"{DistrictApp.StreetName} · 2023 年度");
        await page.GetByRole(AriaRole.Link, new() { Name = "数据录入" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($@"/figures/edit\?org={DistrictApp.Street}&year=2023$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync($"数据录入 · {DistrictApp.StreetName}");
        await Expect(page.GetByLabel("调解成功率数值")).ToHaveValueAsync("97.2");
        await Expect(page.GetByTestId("year-picker").Locator("select")).ToHaveValueAsync("2023");

        // The deck of the street: its name and its figures on the slides.
        await page.GotoAsync(Base + $"/present?org={DistrictApp.Street}&year=2025");
        await Expect(page.Locator(".deck")).ToContainTextAsync(DistrictApp.StreetName);
        await page.Locator(".deck[data-keys=ready]").WaitForAsync();
        var slides = new List<string> { await page.Locator(".deck").InnerTextAsync() };
        for (var number = 2; number <= 12 && !slides.Any(s => s.Contains("98.5%")); number++)
        {
            await page.Keyboard.PressAsync("ArrowRight");
            await Expect(page.Locator(".deck")).ToHaveAttributeAsync("data-slide-number", number.ToString());
            slides.Add(await page.Locator(".deck").InnerTextAsync());
        }
        Assert.Contains(slides, s => s.Contains("98.5%"));
        Assert.DoesNotContain(slides, s => s.Contains("罗星街道"));
        await context.CloseAsync();
    }
}
