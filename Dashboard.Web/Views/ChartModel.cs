using System.Runtime.CompilerServices;
using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;

namespace Dashboard.Web.Views;

/// <summary>One value of a series in one year, with the words it is shown with (524余, 约279).</summary>
public sealed record ChartValue(decimal Value, Qualifier Qualifier, FigureStatus Status, string Label);

/// <summary>
/// A series of a year-over-year chart: one indicator, or the unallocated remainder of a breakdown (其他).
/// <see cref="Values"/> has one entry per year of the chart; null is a year without a figure — a gap.
/// </summary>
/// <summary>One line, bar or slice of a chart. <paramref name="Unit"/>: its indicator's, where the chart's indicators differ (条 and 份).</summary>
public sealed record ChartSeries(string Name, string IndicatorCode, string? Stack, bool IsRemainder, IReadOnlyList<ChartValue?> Values, string? Unit = null);

public sealed record ReferenceLine(decimal Value, string Label);

/// <summary>What a chart's card says and links to, from its model (see <see cref="ChartModel.Texts"/>).</summary>
public sealed class ChartTexts(ChartModel model)
{
    /// <summary>The card's element id, which links and tests use: chart-{code}.</summary>
    public string ElementId { get; } = $"chart-{model.Code}";

    public string DetailsTitle { get; } = $"{model.Title}：指标详情";

    /// <summary>The plot's accessible name: the trend, or (with one year) the year.</summary>
    public string PlotLabel { get; } = model.Years.Count < 2 ? $"{model.Title} {model.Years[^1]} 年" : $"{model.Title}逐年变化图";

    /// <summary>The reference and target lines of a trend, named (a single year's gauge names them itself).</summary>
    public string? LineNames { get; } = model.Years.Count < 2 ? null : ChartOptions.ReferenceNames(model);

    /// <summary>With one year, what is drawn instead of a trend (gauge, donut, bars).</summary>
    public string? SingleYearShape { get; } = model.Years.Count < 2 ? ChartOptions.ShapeOf(model).ToString().ToLowerInvariant() : null;
}

/// <summary>A year-over-year chart: its years, its series, and how to draw them.</summary>
public sealed record ChartModel(
    string Code,
    string Title,
    string CategoryCode,
    string Unit,
    IndicatorKind Kind,
    IReadOnlyList<int> Years,
    IReadOnlyList<ChartSeries> Series,
    ReferenceLine? Reference,
    IReadOnlyList<string?>? TotalLabels = null,
    ReferenceLine? Target = null,
    string? TotalCode = null,
    IReadOnlyList<ChartSeries>? Totals = null)
{
    /// <summary>
    /// What identifies the chart's content: equal signatures draw the same chart. Computed once per model: a model
    /// is shared by every open page, and each of them asks on every change. (Kept outside the record, so that a copy
    /// made with <c>with</c> computes its own.)
    /// </summary>
    /// <summary>The unit a series' figures are written with (the chart's, unless its indicator has its own).</summary>
    public string UnitOf(ChartSeries series) => series.Unit ?? Unit;

    public string Signature => Signatures.GetValue(this, model => string.Join("|", model.Years) + "#" + string.Join("#", model.Series.Select(s =>
        $"{s.Name}:{s.Stack}:{string.Join(",", s.Values.Select(v => v is null ? "-" : $"{v.Label}/{v.Status}"))}"))
        + $"#{model.Reference?.Label}#{model.Target?.Label}#{(model.TotalLabels is null ? "" : string.Join(",", model.TotalLabels))}");

    private static readonly ConditionalWeakTable<ChartModel, string> Signatures = [];

    /// <summary>
    /// The chart's element id, link and labels as its card renders them, made once per model (kept outside the record
    /// like <see cref="Signature"/>): every open screen's render tree keeps them, and the screens share the model.
    /// </summary>
    public ChartTexts Texts => TextsOf.GetValue(this, static model => new ChartTexts(model));

    private static readonly ConditionalWeakTable<ChartModel, ChartTexts> TextsOf = [];

    /// <summary>The section of the report the chart belongs to, shown above its title (on the dashboard).</summary>
    public string? CategoryName { get; init; }

    /// <summary>
    /// The page of the chart's indicator for the organization and year the chart shows (ⓘ 指标详情); null where the
    /// chart is on that page already.
    /// </summary>
    public string? DetailsHref { get; init; }

    /// <summary>The indicator the chart is named after (its first total), whose target a chart draws.</summary>
    public string MainIndicatorCode => Series.FirstOrDefault(s => s.Stack is null or "")?.IndicatorCode ?? Series[0].IndicatorCode;

    /// <summary>A single stack (one total and its parts), whose total is labelled as written (524余).</summary>
    public bool IsSingleStack => IsStacked && Series.Select(s => s.Stack).Distinct().Count() == 1;

    public bool IsStacked => Series.Any(s => s.Stack is not null);

    public bool HasSample => Series.Any(s => s.Values.Any(v => v?.Status == FigureStatus.Sample));

    /// <summary>Whether the year's values in this chart are sample data.</summary>
    public bool IsSampleYear(int yearIndex) => Series.Any(s => s.Values[yearIndex]?.Status == FigureStatus.Sample);

    public bool HasProvisional => Series.Any(s => s.Values.Any(v => v?.Status == FigureStatus.Provisional));

    /// <summary>Whether the year has a provisional value in this chart (not yet published: it may still move).</summary>
    public bool IsProvisionalYear(int yearIndex) => Series.Any(s => s.Values[yearIndex]?.Status == FigureStatus.Provisional);

    /// <summary>The indicators drawn in this chart (a remainder series belongs to its total).</summary>
    public IEnumerable<string> IndicatorCodes => Series.Select(s => s.IndicatorCode).Distinct();

    /// <summary>
    /// Builds the charts of a catalog: indicators that name the same chart share it, and an indicator with
    /// breakdowns is drawn as a stack of its parts plus the remainder no part accounts for (其他).
    /// Years run from the first year with a figure in the chart to <paramref name="lastYear"/>.
    /// </summary>
    public static IReadOnlyList<ChartModel> Build(IReadOnlyList<Indicator> indicators, IReadOnlyList<SeriesPoint> points, int lastYear)
    {
        var byIndicator = points.Where(p => p.Year <= lastYear).ToLookup(p => p.IndicatorCode);
        var children = indicators.Where(i => i.ParentId is not null).ToLookup(i => i.ParentCode!);

        return indicators
            .Where(i => i.Chart is not null && i.ParentId is null)
            .GroupBy(i => i.Chart!)
            .Select(group => BuildOne(group.Key, group.ToList(), children, byIndicator, lastYear))
            .Where(chart => chart is not null)
            .Select(chart => chart!)
            .ToList();
    }

    private static ChartModel? BuildOne(
        string code, List<Indicator> totals, ILookup<string, Indicator> children, ILookup<string, SeriesPoint> points, int lastYear)
    {
        var members = totals.Concat(totals.SelectMany(t => children[t.Code])).ToList();
        var years = members.SelectMany(m => points[m.Code]).Select(p => p.Year).ToList();
        if (years.Count == 0)
        {
            return null;
        }
        var range = Enumerable.Range(years.Min(), lastYear - years.Min() + 1).ToList();

        ChartValue? ValueOf(Indicator indicator, int year) =>
            points[indicator.Code].FirstOrDefault(p => p.Year == year) is { } point
                ? new ChartValue(point.Value, point.Qualifier, point.Status, FigureText.Format(point.Value, point.Qualifier))
                : null;

        var series = new List<ChartSeries>();
        foreach (var total in totals)
        {
            var parts = children[total.Code].ToList();
            if (parts.Count == 0)
            {
                series.Add(new ChartSeries(total.Name, total.Code, null, false, range.Select(y => ValueOf(total, y)).ToList(), total.Unit));
                continue;
            }
            var stack = totals.Count > 1 ? total.Code : "";
            series.AddRange(parts.Select(part => new ChartSeries(part.Name, part.Code, stack, false, range.Select(y => ValueOf(part, y)).ToList(), part.Unit)));
            var remainder = range.Select(year => Remainder(ValueOf(total, year), parts.Select(p => ValueOf(p, year)).ToList())).ToList();
            if (remainder.Any(r => r is not null))
            {
                series.Add(new ChartSeries("其他", total.Code, stack, true, remainder, total.Unit));
            }
        }

        // A stacked chart puts a total that has no parts in a stack of its own, beside the others.
        if (series.Any(s => s.Stack is not null))
        {
            series = series.Select(s => s.Stack is null ? s with { Stack = s.IndicatorCode } : s).ToList();
        }

        var first = totals[0];
        var title = string.Join("与", totals.Select(t => t.Name));
        var reference = first.ReferenceValue is { } value ? new ReferenceLine(value, first.ReferenceLabel) : null;
        var totalLabels = totals.Count == 1 && children[first.Code].Any()
            ? range.Select(year => ValueOf(first, year)?.Label).ToList()
            : null;
        // The totals that are drawn as the stack of their parts, by themselves (a single year names and labels each stack).
        var stackedTotals = totals.Where(t => children[t.Code].Any())
            .Select(t => new ChartSeries(t.Name, t.Code, totals.Count > 1 ? t.Code : "", false, range.Select(y => ValueOf(t, y)).ToList(), t.Unit))
            .ToList();
        return new ChartModel(code, title, first.CategoryCode, first.Unit, first.Kind, range, series, reference, totalLabels,
            TotalCode: totalLabels is null ? null : first.Code, Totals: stackedTotals);
    }

    /// <summary>
    /// What the total leaves after its parts: 524余 − (150余 + 45 + 50余) ≈ 279. Approximate when any of them is.
    /// Null when the total is missing or the parts account for all of it.
    /// </summary>
    private static ChartValue? Remainder(ChartValue? total, IReadOnlyList<ChartValue?> parts)
    {
        if (total is null)
        {
            return null;
        }
        var rest = total.Value - parts.Sum(p => p?.Value ?? 0);
        if (rest <= 0)
        {
            return null;
        }
        var approximate = total.Qualifier != Qualifier.Exact || parts.Any(p => p is not null && p.Qualifier != Qualifier.Exact);
        var qualifier = approximate ? Qualifier.About : Qualifier.Exact;
        var status = parts.Append(total).Any(p => p?.Status == FigureStatus.Sample) ? FigureStatus.Sample
            : parts.Append(total).Any(p => p?.Status == FigureStatus.Provisional) ? FigureStatus.Provisional
            : FigureStatus.Published;
        return new ChartValue(rest, qualifier, status, FigureText.Format(rest, qualifier));
    }
}
