namespace Dashboard.Web.Security;

/// <summary>
/// Where to go after signing in or out: only a path of this app, never another site. The address is resolved as a
/// browser would (dot segments, backslashes) before it is judged — <c>/a/..//evil.com</c> is <c>//evil.com</c>, another
/// host — and given back percent-encoded, because a redirect's Location header takes ASCII only (a path arrives
/// decoded: <c>/报告</c>, <c>/。/x</c>).
/// </summary>
public static class ReturnAddress
{
    /// <summary>A stand-in for the app's own root, to resolve a path against (nothing is fetched from it).</summary>
    private static readonly Uri AppRoot = new("http://app/");

    /// <summary><paramref name="returnUrl"/> as an escaped local path and query, or <c>/</c> when it is anything else.</summary>
    public static string Local(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl[0] != '/' || returnUrl.Any(c => char.IsControl(c) || c == '\\'))
        {
            return "/";
        }
        if (!Uri.TryCreate(AppRoot, returnUrl, out var local) || local.Scheme != AppRoot.Scheme || local.Authority != AppRoot.Authority)
        {
            return "/";
        }
        var path = local.GetComponents(UriComponents.Path | UriComponents.KeepDelimiter, UriFormat.UriEscaped);
        if (path.Length == 0) path = "/";
        // Two slashes at the start are another host to a browser, whatever the rest says.
        if (!path.StartsWith('/') || path.StartsWith("//", StringComparison.Ordinal))
        {
            return "/";
        }
        var address = path + local.GetComponents(UriComponents.Query | UriComponents.KeepDelimiter, UriFormat.UriEscaped);
        return address.All(char.IsAscii) ? address : "/";
    }
}
