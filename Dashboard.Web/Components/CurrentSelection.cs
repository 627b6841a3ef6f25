using Dashboard.Web.Views;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;

namespace Dashboard.Web.Components;

/// <summary>
/// The organization and year the page on the screen shows, for the links around it — the menu, sign-in and sign-out,
/// the error pages — to keep. A page that chose them itself (no <c>?org=</c> or <c>?year=</c> in its address: the
/// user's own organization, the latest year) says so with <see cref="Show"/>; otherwise the address is what counts.
/// One per circuit (and per prerendered request).
/// </summary>
public sealed class CurrentSelection(NavigationManager navigation)
{
    private (string Uri, string? OrganizationCode, int? Year)? shown;

    /// <summary>What the page shows changed (a layout renders its links again).</summary>
    public event Action? Changed;

    /// <summary>The page at the current address shows <paramref name="organizationCode"/> and, if it shows one, <paramref name="year"/>.</summary>
    public void Show(string? organizationCode, int? year)
    {
        var next = (navigation.Uri, organizationCode, year);
        if (shown == next) return;
        var before = (OrganizationCode, Year);
        shown = next;
        if (before != (OrganizationCode, Year)) Changed?.Invoke();
    }

    // What a page showed counts only while its address is the current one: the next page may show nothing of its own.
    private bool ShownHere => shown is { } s && s.Uri == navigation.Uri;

    public string? OrganizationCode => ShownHere ? shown!.Value.OrganizationCode : FromAddress("org");

    public int? Year => ShownHere ? shown!.Value.Year : QueryValue.Int(FromAddress("year"));

    /// <summary><paramref name="path"/> for the organization and year shown.</summary>
    public string Link(string path) => PageLinks.To(path, OrganizationCode, Year);

    /// <summary>The dashboard of the organization and year shown.</summary>
    public string Home => Link("") is { Length: > 0 } home ? home : ".";

    /// <summary>
    /// Where the sign-in or access-denied page was asked to go back to (<c>?returnUrl=</c>, a path of this app), if
    /// anywhere: its organization and year are the ones this page keeps.
    /// </summary>
    public string? ReturnPath =>
        Query("returnUrl") is { } path && Security.ReturnAddress.Local(path) is var local && local != "/" ? local : null;

    /// <summary>Signing in, and coming back here (or where this page was to go back to) afterwards.</summary>
    public string SignInLink => PageLinks.SignIn(ReturnPath ?? Here());

    /// <summary>Signing out, and coming back to the dashboard of the organization and year shown, as a visitor.</summary>
    public string SignOutAction => $"account/signout?returnUrl={Uri.EscapeDataString("/" + Link(""))}";

    /// <summary>The current page as a path of the app, with the organization and year it shows (where to come back to).</summary>
    public string Here()
    {
        var relative = navigation.ToBaseRelativePath(navigation.Uri);
        var path = "/" + relative.Split('?', '#')[0];
        var query = QueryHelpers.ParseQuery(new Uri(navigation.Uri).Query)
            .Where(p => !string.Equals(p.Key, "org", StringComparison.OrdinalIgnoreCase) && !string.Equals(p.Key, "year", StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.Select(v => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(v ?? "")}"));
        var rest = string.Join('&', query);
        return PageLinks.To(rest.Length > 0 ? $"{path}?{rest}" : path, OrganizationCode, Year);
    }

    private string? FromAddress(string name) =>
        Query(name) ?? (ReturnPath is { } back ? Query(new Uri(new Uri("http://app/"), back).Query, name) : null);

    private string? Query(string name) => Query(new Uri(navigation.Uri).Query, name);

    // Query names are matched as ASP.NET Core matches them (returnUrl and ReturnUrl alike).
    private static string? Query(string query, string name) =>
        QueryHelpers.ParseQuery(query).FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value is { Count: > 0 } value
        && !string.IsNullOrEmpty(value[0])
            ? value[0]
            : null;
}
