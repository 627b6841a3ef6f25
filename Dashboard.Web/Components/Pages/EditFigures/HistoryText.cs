using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;

namespace Dashboard.Web.Components.Pages.EditFigures;

/// <summary>
/// A history entry in words: 录入 73件（已发布）, 73件（已发布） → 75件（已发布）, 删除 …, and what else the change changed:
/// 备注：“…” → “…”, 报告原文：“…” → “…”. Entries from before notes were kept say 备注或报告原文有更新 when nothing else changed.
/// </summary>
public static class HistoryText
{
    public static string Describe(FigureHistoryEntry entry, Indicator indicator)
    {
        string State(decimal? value, Qualifier? qualifier, FigureStatus? status) =>
            value is null ? "（无）" : $"{FigureText.Format(value.Value, qualifier ?? Qualifier.Exact, indicator)}（{Labels.Of(status ?? FigureStatus.Provisional)}）";
        var known = entry.OldNote is not null || entry.NewNote is not null || entry.OldSourceText is not null || entry.NewSourceText is not null;
        var words = entry.Action == HistoryAction.Update ? Words(entry) : "";
        return entry.Action switch
        {
            HistoryAction.Insert => $"录入 {State(entry.NewValue, entry.NewQualifier, entry.NewStatus)}",
            HistoryAction.Delete => $"删除 {State(entry.OldValue, entry.OldQualifier, entry.OldStatus)}",
            _ when (entry.OldValue, entry.OldQualifier, entry.OldStatus) == (entry.NewValue, entry.NewQualifier, entry.NewStatus) =>
                $"{State(entry.NewValue, entry.NewQualifier, entry.NewStatus)} 数值未变{(known ? words : "（备注或报告原文有更新）")}",
            _ => $"{State(entry.OldValue, entry.OldQualifier, entry.OldStatus)} → {State(entry.NewValue, entry.NewQualifier, entry.NewStatus)}{words}",
        };
    }

    /// <summary>The note's and the report words' change, each as “before” → “after”; empty when neither changed.</summary>
    private static string Words(FigureHistoryEntry entry)
    {
        static string Quoted(string? text) => string.IsNullOrEmpty(text) ? "（空）" : $"“{text}”";
        var parts = new List<string>();
        if ((entry.OldNote ?? "") != (entry.NewNote ?? ""))
            parts.Add($"备注：{Quoted(entry.OldNote)} → {Quoted(entry.NewNote)}");
        if ((entry.OldSourceText ?? "") != (entry.NewSourceText ?? ""))
            parts.Add($"报告原文：{Quoted(entry.OldSourceText)} → {Quoted(entry.NewSourceText)}");
        return parts.Count == 0 ? "" : "；" + string.Join("；", parts);
    }
}
