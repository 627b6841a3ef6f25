using MudBlazor;

namespace Dashboard.Web.Components.Layout;

/// <summary>The app's MudBlazor theme, rendered as CSS variables by App.razor (statically, once per page load).</summary>
public static class DashboardTheme
{
    // Fonts installed on government PCs and Linux desktops; nothing is downloaded.
    private static readonly string[] FontStack = ["Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Zen Hei", "sans-serif"];

    public static MudTheme Value { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#0d47a1",
            AppbarBackground = "#0d47a1",
            Background = "#f4f6f8",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = FontStack },
        },
    };
}
