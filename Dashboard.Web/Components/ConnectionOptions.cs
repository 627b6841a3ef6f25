namespace Dashboard.Web.Components;

/// <summary>
/// How open pages keep their live connection (section "Connection"; see wwwroot/connection.js). Pages retry without
/// limit — a wall screen has nobody to press "retry" — and reload themselves once the server answers again but
/// cannot resume their session (after a restart).
/// </summary>
public sealed class ConnectionOptions
{
    public const string Section = "Connection";

    /// <summary>Seconds between attempts to reach the server again.</summary>
    public double RetrySeconds { get; set; } = 2;

    /// <summary>A page that has no live connection this many seconds after it loaded starts recovering by itself.</summary>
    public double StartTimeoutSeconds { get; set; } = 15;
}
