using System.Diagnostics;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class LiveUpdateBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task AFigureSavedInOneBrowserAppearsInAnotherWithoutAReload()
    {
        var viewer = await browser.OpenAsync("/?year=2024");
        var tile = viewer.Page.Locator("#tile-registered_mental_patients .kpi-tile__value");
        var navigations = 0;
        viewer.Page.FrameNavigated += (_, _) => navigations++;

        var (editor, _) = await browser.SignInAsNewUserAsync(Role.Editor, "/figures/edit?year=2024");
        // The grid is ready for typing once its keys are attached and its kept drafts restored: typed earlier, a reason
        // could be overwritten by the restore (it was, now and then, and the save was refused for want of a reason).
        await editor.Locator(".edit-grid[data-keys=ready][data-drafts=kept]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var value = editor.Locator("tr[data-indicator=registered_mental_patients] [data-col='0']");
        var reason = editor.Locator("tr[data-indicator=registered_mental_patients] [data-col='4']");
        var delays = new List<long>();
        for (var round = 0; round < 10; round++)
        {
            var next = (300 + round).ToString();
            await value.FillAsync(next);
            await reason.FillAsync("浏览器测试");
            await reason.PressAsync("Tab");
            var clock = Stopwatch.StartNew();
            await editor.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
            // Generous: the whole suite runs beside this test on two cores; the time is measured and printed, not asserted.
            await Expect(tile).ToHaveTextAsync($"{next}名", new() { Timeout = 20_000 });
            delays.Add(clock.ElapsedMilliseconds);
            await Expect(editor.GetByRole(AriaRole.Status)).ToContainTextAsync("已保存");
        }

        delays.Sort();
        output.WriteLine($"save click → other browser shows the new value, 10 saves: p50 {delays[4]} ms, p95 {delays[9]} ms (max)");
        Assert.Equal(0, navigations);
        await Expect(viewer.Page.Locator(".dashboard__updated")).ToContainTextAsync("更新于");
        Assert.Empty(viewer.ConsoleErrors);
        await editor.Context.CloseAsync();
    }
}
