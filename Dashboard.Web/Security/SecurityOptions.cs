using Dashboard.Data.Users;

namespace Dashboard.Web.Security;

/// <summary>The "Security" section of the configuration.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    public const int MinimumPasswordLength = 10;

    /// <summary>Close the dashboard, indicator pages and presentation to visitors who have not signed in.</summary>
    public bool RequireSignInToView { get; set; }

    /// <summary>Failed sign-ins of one user name from one address before further attempts must wait.</summary>
    public int FreeFailedSignIns { get; set; } = 5;

    /// <summary>Failed sign-ins from one address, whatever the names, before its attempts must wait.</summary>
    public int FreeFailedSignInsPerAddress { get; set; } = 20;

    /// <summary>The wait after the first failure beyond the free ones; it doubles with every further failure.</summary>
    public TimeSpan FirstSignInDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between attempts; failures older than this are forgotten.</summary>
    public TimeSpan MaxSignInDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A signed-in session ends after this long without a request (or input in an open page).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A session ends this long after signing in, however busy it is.</summary>
    public TimeSpan AbsoluteSessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// Origins besides the app's own (as the request reached it) whose pages may open the live connection — for a proxy
    /// that does not pass the original Host, e.g. "https://dashboard.example.gov.cn".
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>Live connections (open pages) one client address may hold at once.</summary>
    public int MaxCircuitsPerClient { get; set; } = 50;

    public ThrottleRules Throttle => new(FreeFailedSignIns, FreeFailedSignInsPerAddress, FirstSignInDelay, MaxSignInDelay);
}
