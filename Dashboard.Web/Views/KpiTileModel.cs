using Dashboard.Data;
using Dashboard.Data.Figures;
using Dashboard.Data.Targets;

namespace Dashboard.Web.Views;

/// <summary>
/// What a headline tile shows: the indicator's row of the year, its target for the year (if one is set), and whether
/// to say why there is no change (上年无数据 …) — not when no figure of the year has one, which the page says once.
/// Its texts are made here, once per view: the view is shared by every open screen, and each screen's render tree
/// keeps the strings it shows.
/// </summary>
public sealed class KpiTileModel
{
    public KpiTileModel(YearSummaryRow row, Target? target = null, bool showNotComparable = true)
    {
        Row = row;
        Target = target;
        ShowNotComparable = showNotComparable;
        ElementId = $"tile-{row.Indicator.Code}";
        ToneClass = $"kpi-tile kpi-tile--{ChangeTones.Of(row).ToString().ToLowerInvariant()}";
        ValueText = row.Current is { } current ? FigureText.Format(current.Value, current.Qualifier, row.Indicator) : "暂无数据";
        ChangeText = FigureText.FormatChange(row.Change, row.Indicator) is { } change ? $"较{row.Year - 1}年 {change}" : null;
        if (target is not null)
        {
            var status = TargetRules.Of(target, row.Current);
            var verdict = status switch { TargetStatus.Met => "已达成", TargetStatus.NotMet => "未达成", _ => "无法判断" };
            TargetClass = $"kpi-tile__target kpi-tile__target--{status.ToString().ToLowerInvariant()}";
            TargetText = $"目标 {TargetRules.Symbol(target.Comparator)}{FigureText.Format(target.Value, Qualifier.Exact, row.Indicator.Unit)} · {verdict}";
        }
    }

    public YearSummaryRow Row { get; }

    public Target? Target { get; }

    public bool ShowNotComparable { get; }

    /// <summary>The tile's element id, which the report's figures link to: tile-{indicator}.</summary>
    public string ElementId { get; }

    /// <summary>The tile's classes before its state: its tone (good, bad or neutral news, by the indicator's direction).</summary>
    public string ToneClass { get; }

    /// <summary>The figure as the report writes it (524余场), or 暂无数据.</summary>
    public string ValueText { get; }

    /// <summary>The change on last year (较2023年 +5件), or null when there is none to show.</summary>
    public string? ChangeText { get; }

    public string? TargetClass { get; }

    /// <summary>The target and whether it is met (目标 ≥95% · 已达成), or null without a target.</summary>
    public string? TargetText { get; }
}
