using Dashboard.Data.Users;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Browser;

/// <summary>
/// Cross-site WebSocket hijacking: a page on another port of the same host (the same site, so the browser sends the
/// signed-in user's cookie with it) opens the app's live connection. The hub must refuse it; the app's own pages
/// keep working.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveConnectionOriginTests(BrowserFixture browser)
{
    /// <summary>Opens /_blazor as a WebSocket (no negotiation needed) and performs the hub handshake.</summary>
    private static string OpenHub(string appAddress) => $$"""
        new Promise(resolve => {
          const ws = new WebSocket('{{appAddress.Replace("http://", "ws://")}}/_blazor');
          ws.binaryType = 'arraybuffer';
          ws.onopen = () => ws.send('{"protocol":"blazorpack","version":1}\u001e');
          ws.onmessage = e => {
            const text = typeof e.data === 'string' ? e.data : new TextDecoder().decode(e.data);
            resolve(text.startsWith('{}') ? 'accepted' : 'answered ' + text);
            ws.close();
          };
          ws.onerror = () => resolve('refused');
          ws.onclose = () => resolve('closed');
        })
        """;

    [Fact]
    public async Task APageOfAnotherOriginCannotOpenTheLiveConnectionOfASignedInUser()
    {
        var (page, _) = await browser.SignInAsNewUserAsync(Role.Editor, "/figures/edit");
        await using var attacker = await ForeignSite.StartAsync("<!doctype html><title>抽奖活动</title><p>恭喜中奖</p>");
        var lure = await page.Context.NewPageAsync();
        await lure.GotoAsync(attacker.Address);

        var fromAttacker = await lure.EvaluateAsync<string>(OpenHub(browser.App.BaseAddress));
        // The same script on the app's own page: the hub answers (so "refused" above is the origin check, not the script).
        var fromApp = await page.EvaluateAsync<string>(OpenHub(browser.App.BaseAddress));

        Assert.Equal("refused", fromAttacker);
        Assert.Equal("accepted", fromApp);
        Assert.Contains(browser.App.Log, line => line.Contains("Live connection from a foreign origin") && line.Contains(attacker.Address.TrimEnd('/')));
        await page.Context.CloseAsync();
    }
}
