namespace Dashboard.Web.Views;

/// <summary>
/// Addresses of the app's own pages and downloads, with the organization and year they show. Every link is made here,
/// so that none relies on a page's default choice: a link without <c>?org=</c> would open the first street of the
/// install (another street's figures), and one without <c>?year=</c> the latest year instead of the one being read.
/// </summary>
public static class PageLinks
{
    /// <summary><paramref name="path"/> (relative to the app's base, as the pages write it) for the organization and year.</summary>
    public static string To(string path, string? organizationCode, int? year = null)
    {
        var query = new List<string>(2);
        if (!string.IsNullOrEmpty(organizationCode)) query.Add($"org={Uri.EscapeDataString(organizationCode)}");
        if (year is { } y) query.Add($"year={y}");
        if (query.Count == 0) return path;
        var separator = path.Contains('?') ? '&' : '?';
        return $"{path}{separator}{string.Join('&', query)}";
    }

    /// <summary>The dashboard (or, for a district, its comparison of streets).</summary>
    public static string Dashboard(string organizationCode, int? year = null) => To("", organizationCode, year);

    /// <summary>One indicator's page.</summary>
    public static string Indicator(string indicatorCode, string organizationCode, int? year = null) =>
        To($"indicators/{Uri.EscapeDataString(indicatorCode)}", organizationCode, year);

    /// <summary>
    /// The sign-in page, coming back to <paramref name="returnPath"/> (a path of this app, with its query) afterwards.
    /// </summary>
    public static string SignIn(string? returnPath) =>
        string.IsNullOrEmpty(returnPath) || returnPath == "/" ? "account/signin" : $"account/signin?returnUrl={Uri.EscapeDataString(returnPath)}";
}
