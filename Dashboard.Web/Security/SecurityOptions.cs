namespace Dashboard.Web.Security;

/// <summary>The "Security" section of the configuration.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    public const int MinimumPasswordLength = 10;

    /// <summary>Close the dashboard, indicator pages and presentation to visitors who have not signed in.</summary>
    public bool RequireSignInToView { get; set; }

    /// <summary>Failed sign-ins in a row that lock an account.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a locked account stays locked.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A signed-in session ends after this long without a request.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Origins besides the app's own (as the request reached it) whose pages may open the live connection — for a proxy
    /// that does not pass the original Host, e.g. "https://dashboard.example.gov.cn".
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];
}
