using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components;

/// <summary>
/// A Material icon as inline SVG markup (Icons.Material.* are its paths) — where a page shows many, instead of MudIcon,
/// which is a component per icon on every open screen. Decorative: the button or link around it carries the label.
/// </summary>
public static class IconMarkup
{
    public static MarkupString Of(string svg, string cssClass = "icon") =>
        new($"<svg class=\"{cssClass}\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" focusable=\"false\">{svg}</svg>");

    /// <summary>The classes MudIcon gives an icon of medium size (inside MudBlazor's own markup, such as an alert's).</summary>
    public const string MudMedium = "mud-icon-root mud-svg-icon mud-icon-size-medium";
}
