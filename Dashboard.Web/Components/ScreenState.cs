using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components;

/// <summary>
/// What one open dashboard tells its tiles and charts: the indicator in focus, the indicators a change just updated,
/// and where a click on a tile or a chart goes. The page owns it and changes it; each tile and chart takes it as one
/// parameter and asks it while rendering. (One parameter instead of three or four each: a dashboard holds twenty tiles
/// and charts on every open screen, and each parameter is a render-tree frame the screen keeps — twice, once it has
/// rendered again.)
/// </summary>
public sealed class ScreenState
{
    private IReadOnlySet<string> updated = new HashSet<string>();
    private int updates;

    /// <summary>The indicator in focus (its figure clicked in the report text, its tile or a point of its chart), or null.</summary>
    public string? Highlighted { get; set; }

    /// <summary>Raised with the indicator of a clicked tile.</summary>
    public EventCallback<string> TileSelected { get; init; }

    /// <summary>Raised with the indicator and year of a clicked point or figure of a chart.</summary>
    public EventCallback<(string IndicatorCode, int Year)> ChartSelected { get; init; }

    /// <summary>The tiles and charts of these indicators play the "just updated" highlight once.</summary>
    public void MarkUpdated(IReadOnlySet<string> indicatorCodes)
    {
        updated = indicatorCodes;
        updates++;
    }

    /// <summary>A new view (another year or organization): nothing in focus, nothing just updated.</summary>
    public void Reset()
    {
        Highlighted = null;
        updated = new HashSet<string>();
    }

    /// <summary>The class that plays the "just updated" highlight (alternating, so a second update plays it again), or null.</summary>
    public string? UpdatedClass(IEnumerable<string> indicatorCodes) =>
        indicatorCodes.Any(updated.Contains) ? $"is-updated-{updates % 2}" : null;
}
