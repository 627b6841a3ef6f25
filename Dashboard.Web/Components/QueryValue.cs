using System.Globalization;

namespace Dashboard.Web.Components;

/// <summary>
/// Numbers from the address bar. Pages take them as text and read them here, because Blazor's own conversion of a
/// query parameter throws on junk (<c>?year=abc</c> was a 500): an address that is not a number means "not given".
/// </summary>
public static class QueryValue
{
    public static int? Int(string? text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;
}
