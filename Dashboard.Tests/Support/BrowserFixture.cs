using Microsoft.Playwright;

namespace Dashboard.Tests.Support;

/// <summary>
/// Debian's Chromium driven by Playwright (never Playwright's own download), against the app on Kestrel with
/// the sample history loaded, so the charts have years to draw.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private static readonly string[] ChromiumFlags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? playwright;

    public DashboardApp App { get; } = new(sampleData: true, kestrel: true);

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Screenshots are kept as test artefacts beside the test results.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(RepositoryRoot(), "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        App.StartServer();
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Args = ChromiumFlags,
        });
    }

    /// <summary>A fresh page that records console errors and every request that leaves the app.</summary>
    public async Task<WatchedPage> OpenAsync(string path, int width = 1920, int height = 1080)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "zh-CN",
        });
        var page = await context.NewPageAsync();
        var watched = new WatchedPage(page, App.BaseAddress);
        await page.GotoAsync(App.BaseAddress + path);
        // HTML arrives before the circuit: wait for the marker the layout renders once interactive.
        await page.Locator("[data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        return watched;
    }

    /// <summary>
    /// A new user with <paramref name="role"/>, signed in through the real form in a browser context of their own,
    /// on <paramref name="returnPath"/> once its circuit is live. Console errors from the start go to <paramref name="consoleErrors"/>.
    /// </summary>
    public async Task<(IPage Page, string UserName)> SignInAsNewUserAsync(Dashboard.Data.Users.Role role, string returnPath = "/", List<string>? consoleErrors = null)
    {
        var name = $"u{Guid.NewGuid():N}"[..12];
        await App.AddUserAsync(name, role, "browser-password-1");
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        if (consoleErrors is not null)
        {
            page.Console += (_, message) => { if (message.Type == "error") consoleErrors.Add(message.Text); };
        }
        await SignInAsync(page, App.BaseAddress, name, "browser-password-1", returnPath);
        return (page, name);
    }

    /// <summary>Signs in through the real form of the app at <paramref name="baseAddress"/>, then waits for <paramref name="returnPath"/> to be live.</summary>
    public static async Task SignInAsync(IPage page, string baseAddress, string userName, string password, string returnPath = "/")
    {
        await page.GotoAsync(baseAddress + "/account/signin?returnUrl=" + Uri.EscapeDataString(returnPath));
        await page.GetByLabel("用户名").FillAsync(userName);
        await page.GetByLabel("密码").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.Locator("[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }

    /// <summary>A fresh page (1920×1080) on another app than the fixture's own — one with settings, a clock or data of its own.</summary>
    public async Task<IPage> OpenAsync(string baseAddress, string path)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(baseAddress + path);
        await page.Locator("[data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        return page;
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright?.Dispose();
        await App.DisposeAsync();
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Dashboard.sln")))
        {
            folder = folder.Parent;
        }
        return folder?.FullName ?? AppContext.BaseDirectory;
    }
}

public sealed class WatchedPage
{
    public WatchedPage(IPage page, string origin)
    {
        Page = page;
        var own = new Uri(origin);
        page.Console += (_, message) =>
        {
            if (message.Type == "error") ConsoleErrors.Add(message.Text);
        };
        page.PageError += (_, error) => ConsoleErrors.Add(error);
        page.Request += (_, request) =>
        {
            var uri = new Uri(request.Url);
            if (uri.Scheme is "http" or "https" or "ws" or "wss" && (uri.Host != own.Host || uri.Port != own.Port))
                ExternalRequests.Add(request.Url);
        };
    }

    public IPage Page { get; }

    public List<string> ConsoleErrors { get; } = [];

    public List<string> ExternalRequests { get; } = [];
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
