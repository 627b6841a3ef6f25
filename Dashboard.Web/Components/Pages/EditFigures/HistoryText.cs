using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;

namespace Dashboard.Web.Components.Pages.EditFigures;

/// <summary>A history entry in words: 录入 73件（已发布）, 73件（已发布） → 75件（已发布）, 删除 ….</summary>
public static class HistoryText
{
    public static string Describe(FigureHistoryEntry entry, Indicator indicator)
    {
        string State(decimal? value, Qualifier? qualifier, FigureStatus? status) =>
            value is null ? "（无）" : $"{FigureText.Format(value.Value, qualifier ?? Qualifier.Exact, indicator)}（{Labels.Of(status ?? FigureStatus.Provisional)}）";
        return entry.Action switch
        {
            HistoryAction.Insert => $"录入 {State(entry.NewValue, entry.NewQualifier, entry.NewStatus)}",
            HistoryAction.Delete => $"删除 {State(entry.OldValue, entry.OldQualifier, entry.OldStatus)}",
            _ => $"{State(entry.OldValue, entry.OldQualifier, entry.OldStatus)} → {State(entry.NewValue, entry.NewQualifier, entry.NewStatus)}",
        };
    }
}
