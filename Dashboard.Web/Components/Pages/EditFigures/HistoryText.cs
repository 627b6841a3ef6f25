using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;

namespace Dashboard.Web.Components.Pages.EditFigures;

/// <summary>A history entry in words: 录入 73件（已发布）, 73件（已发布） → 75件（已发布）, 删除 …, 73件（已发布） 数值未变（…）.</summary>
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
            // The history keeps value, wording and status: a change of note or of the report's words leaves them alone.
            _ when (entry.OldValue, entry.OldQualifier, entry.OldStatus) == (entry.NewValue, entry.NewQualifier, entry.NewStatus) =>
                $"{State(entry.NewValue, entry.NewQualifier, entry.NewStatus)} 数值未变（备注或报告原文有更新）",
            _ => $"{State(entry.OldValue, entry.OldQualifier, entry.OldStatus)} → {State(entry.NewValue, entry.NewQualifier, entry.NewStatus)}",
        };
    }
}
