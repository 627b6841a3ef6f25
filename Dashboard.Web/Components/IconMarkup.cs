using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components;

/// <summary>
/// A Material icon as inline SVG markup (Icons.Material.* are its paths) — where a page shows many, instead of MudIcon,
/// which is a component per icon on every open screen. Decorative: the button or link around it carries the label.
/// Each icon's markup is made once and shared: an open screen's render tree keeps the markup of every icon it shows
/// (half a kilobyte each), and a thousand screens would otherwise keep a thousand copies.
/// </summary>
public static class IconMarkup
{
    // Bounded: the icons are the Icons.Material constants the pages name, and the classes are constants too.
    private static readonly ConcurrentDictionary<(string Svg, string CssClass), MarkupString> Made = new();

    public static MarkupString Of(string svg, string cssClass = "icon") =>
        Made.GetOrAdd((svg, cssClass), static key =>
            new($"<svg class=\"{key.CssClass}\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" focusable=\"false\">{key.Svg}</svg>"));

    /// <summary>An icon of MudIcon's medium size (as in a notice).</summary>
    public const string Medium = "icon icon--medium";
}
