using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dashboard.Data;

namespace Dashboard.Web.Views;

/// <summary>Where a chart is drawn: on a page, or on the meeting-room screen (larger type, dark or light).</summary>
public enum ChartLook
{
    Page,
    DeckDark,
    DeckLight,
}

/// <summary>The ApexCharts options of a year-over-year chart. Labels travel with the data (see ApexChart.razor.js).</summary>
public static class ChartOptions
{
    public const string FontFamily = "\"Microsoft YaHei\", \"PingFang SC\", \"Noto Sans CJK SC\", \"WenQuanYi Zen Hei\", sans-serif";

    private static readonly string[] Palette = ["#1565c0", "#ef6c00", "#2e7d32", "#6a1b9a", "#00838f", "#ad1457"];
    // Lighter tones of the same hues, readable on a dark background from the back of a room.
    private static readonly string[] DarkPalette = ["#64b5f6", "#ffb74d", "#81c784", "#ce93d8", "#4dd0e1", "#f48fb1"];
    private const string RemainderColor = "#9e9e9e";
    private const string ApproximateMarker = "#37474f";

    /// <summary>
    /// The options as JSON, computed once per chart model and look. Every open screen shows the same models
    /// (<see cref="Views.ViewCache{TKey, TView}"/>), so a thousand screens hold one copy instead of a thousand object graphs and strings.
    /// </summary>
    public static string Json(ChartModel model, ChartLook look = ChartLook.Page) =>
        Serialized.GetValue(model, _ => new string?[Enum.GetValues<ChartLook>().Length]) is var cache && cache[(int)look] is { } json
            ? json
            : cache[(int)look] = JsonSerializer.Serialize(For(model, look), JsonOptions);

    private static readonly ConditionalWeakTable<ChartModel, string?[]> Serialized = [];

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>What a chart of a single year draws instead of a trend.</summary>
    public enum SingleYearShape { Gauge, Donut, Bars }

    /// <summary>
    /// With one year there is no trend to draw: a rate is a gauge (against its reference line or target, named
    /// below it), a total with its breakdown a donut of the parts and the remainder no part accounts for (其他),
    /// anything else bars side by side — every value labelled as written.
    /// </summary>
    public static SingleYearShape ShapeOf(ChartModel model) =>
        model.Kind == IndicatorKind.Rate ? SingleYearShape.Gauge
        : model.IsSingleStack && model.Series.Count(s => s.Stack is not null) > 1 ? SingleYearShape.Donut
        : SingleYearShape.Bars;

    public static object For(ChartModel model, ChartLook look = ChartLook.Page) =>
        model.Years.Count < 2 ? ForSingleYear(model, look) : ForYears(model, look);

    private static object ForSingleYear(ChartModel model, ChartLook look)
    {
        var dark = look == ChartLook.DeckDark;
        var deck = look != ChartLook.Page;
        var palette = dark ? DarkPalette : Palette;
        string Font(string onPage) => deck ? "0.9rem" : onPage;
        var shape = ShapeOf(model);
        // The series drawn: in a donut the parts (the total is its centre), elsewhere every series with a value.
        var shown = model.Series.Select((series, index) => (series, index))
            .Where(x => x.series.Values[^1] is not null && (shape != SingleYearShape.Donut || x.series.Stack is not null) && !(shape == SingleYearShape.Donut && x.series.Values[^1]!.Value == 0 && x.series.IsRemainder))
            .ToList();
        var colors = shown.Select(x => x.series.IsRemainder ? RemainderColor : palette[x.index % palette.Length]).ToArray();
        var labels = shown.Select(x => x.series.Name).ToArray();
        var values = shown.Select(x => x.series.Values[^1]!.Value).ToArray();
        var written = shown.Select(x => x.series.Values[^1]!.Label + model.UnitOf(x.series)).ToArray();
        var lines = new[] { model.Reference, model.Target }.Where(l => l is not null).Select(l => l!.Label).ToArray();
        var chart = new
        {
            type = shape switch { SingleYearShape.Gauge => "radialBar", SingleYearShape.Donut => "donut", _ => "bar" },
            height = "100%",
            fontFamily = FontFamily,
            foreColor = dark ? "#eceff1" : deck ? "#212121" : null,
            background = "transparent",
            toolbar = new { show = false },
            // Nothing grows over the years here: drawn at once (and final for the tests and the print as soon as mounted).
            animations = new { enabled = false },
        };
        var theme = new { mode = dark ? "dark" : "light" };
        // What each drawn point is, for the page: a click on it focuses that indicator (ApexChart.razor.js).
        var meta = new { valueLabels = written, pointSeries = shown.Select(x => x.index).ToArray() };
        var subtitle = lines.Length == 0 ? null : new { text = string.Join("　", lines), align = "center", style = new { fontSize = Font("0.75rem"), color = dark ? "#ffcc80" : "#c62828" } };
        switch (shape)
        {
            case SingleYearShape.Gauge:
                return new
                {
                    chart, theme, meta, subtitle, colors, labels,
                    series = values,
                    plotOptions = new
                    {
                        radialBar = new
                        {
                            startAngle = -135,
                            endAngle = 135,
                            hollow = new { size = shown.Count > 1 ? "35%" : "58%" },
                            track = new { background = dark ? "#37474f" : "#eceff1" },
                            // One rate: its name is the card's title, and beside the value it ran into it.
                            dataLabels = new
                            {
                                name = new { show = shown.Count > 1, fontSize = Font("0.8rem"), offsetY = -12 },
                                value = new { fontSize = deck ? "1.8rem" : "1.5rem", fontWeight = 700, offsetY = shown.Count > 1 ? 14 : 10 },
                            },
                        },
                    },
                    legend = new { show = shown.Count > 1, position = "bottom", fontSize = Font("0.75rem") },
                };
            case SingleYearShape.Donut:
                var total = model.TotalLabels?[^1] is { } totalLabel ? totalLabel + model.Unit : null;
                return new
                {
                    chart, theme, subtitle, colors, labels,
                    series = values,
                    // The parts' values are in the legend's figures beside the chart; slices too thin for a label stay clean.
                    dataLabels = new { enabled = false },
                    plotOptions = new
                    {
                        pie = new
                        {
                            donut = new
                            {
                                // A hole wide enough for the total as written (524余场) not to reach the ring.
                                size = "68%",
                                labels = new
                                {
                                    show = true,
                                    name = new { fontSize = Font("0.8rem"), offsetY = deck ? "-1.1rem" : "-0.7rem" },
                                    value = new { fontSize = deck ? "1.6rem" : "1.1rem", fontWeight = 700, offsetY = deck ? "1rem" : "0.6rem" },
                                    total = new { show = total is not null, showAlways = true, label = "合计", fontSize = Font("0.8rem") },
                                },
                            },
                        },
                    },
                    meta = new { meta.valueLabels, meta.pointSeries, total },
                    legend = new { show = true, position = "bottom", fontSize = Font("0.75rem") },
                    stroke = new { width = 1, colors = new[] { dark ? "#263238" : "#ffffff" } },
                };
            case SingleYearShape.Bars when model.IsStacked:
                // Several totals, some with parts (行政复议 7件; 行政诉讼 10件 = 一审 6件 + 二审 4件): a bar per total,
                // stacked from its parts, the total as written at its end.
                var stacks = model.Series.Select(s => s.Stack!).Distinct().ToList();
                string StackName(string stack) => model.Totals?.FirstOrDefault(t => t.Stack == stack)?.Name ?? model.Series.First(s => s.Stack == stack).Name;
                string? StackTotal(string stack) =>
                    (model.Totals?.FirstOrDefault(t => t.Stack == stack) ?? model.Series.First(s => s.Stack == stack)) is var total && total.Values[^1] is { } v ? v.Label + model.UnitOf(total) : null;
                var allColors = model.Series.Select((s, i) => s.IsRemainder ? RemainderColor : palette[i % palette.Length]).ToArray();
                var stackScale = BarScale(stacks.Select(stack => model.Series.Where(s => s.Stack == stack).Sum(s => s.Values[^1]?.Value ?? 0)).DefaultIfEmpty(0).Max());
                return new
                {
                    chart = new { chart.type, chart.height, stacked = true, chart.fontFamily, chart.foreColor, chart.background, chart.toolbar, chart.animations },
                    theme, subtitle,
                    colors = allColors,
                    series = model.Series.Select((s, i) => new
                    {
                        name = s.Name,
                        data = stacks.Select(stack => s.Stack == stack && s.Values[^1] is { } v
                            ? new ChartDatum(StackName(stack), v.Value, v.Label + model.UnitOf(s), null) { FillColor = v.Status == FigureStatus.Provisional ? allColors[i] + ProvisionalAlpha : null }
                            : new ChartDatum(StackName(stack), null, null, null)).ToArray(),
                    }).ToArray(),
                    plotOptions = new
                    {
                        bar = new
                        {
                            horizontal = true, barHeight = "55%", borderRadius = 2,
                            dataLabels = new { position = "center", total = new { enabled = true, offsetX = 6, style = new { fontSize = deck ? "1rem" : "0.8125rem", fontWeight = 700, color = dark ? "#ffffff" : null } } },
                        },
                    },
                    meta = new { totals = stacks.Select(StackTotal).ToArray(), seriesOnly = true },
                    dataLabels = new { enabled = true, style = new { fontSize = deck ? "0.9rem" : "0.7rem", fontWeight = 600 } },
                    xaxis = new { type = "category", decimalsInFloat = 0, tickAmount = stackScale.Ticks, labels = new { style = new { fontSize = Font("0.7rem") } } },
                    yaxis = new { min = 0m, max = stackScale.Max, decimalsInFloat = 0, labels = new { style = new { fontSize = Font("0.75rem") }, maxWidth = deck ? "14rem" : "10rem" } },
                    grid = new { borderColor = dark ? "#455a64" : "#eceff1", padding = new { left = 8, right = 40 } },
                    legend = new { show = true, position = "top", horizontalAlign = "left", fontSize = Font("0.75rem") },
                    tooltip = new { theme = dark ? "dark" : "light" },
                };
            default:
                var barScale = BarScale(values.DefaultIfEmpty(0).Max());
                return new
                {
                    chart, theme, meta, subtitle,
                    colors = new[] { colors.FirstOrDefault() ?? palette[0] },
                    series = new[]
                    {
                        new
                        {
                            name = model.Years[^1].ToString(),
                            data = shown.Select((x, i) => new ChartDatum(x.series.Name, values[i], written[i], null)
                            {
                                FillColor = x.series.Values[^1]!.Status == FigureStatus.Provisional ? colors[i] + ProvisionalAlpha : colors[i],
                            }).ToArray(),
                        },
                    },
                    plotOptions = new { bar = new { horizontal = true, barHeight = shown.Count <= 2 ? "45%" : "65%", borderRadius = 2, distributed = false, dataLabels = new { position = "top" } } },
                    dataLabels = new { enabled = true, style = new { fontSize = deck ? "1rem" : "0.75rem", fontWeight = 600, colors = new[] { dark ? "#eceff1" : "#212121" } }, offsetX = 24 },
                    xaxis = new { type = "category", decimalsInFloat = 0, tickAmount = barScale.Ticks, labels = new { style = new { fontSize = Font("0.7rem") } } },
                    yaxis = new { min = 0m, max = barScale.Max, decimalsInFloat = 0, labels = new { style = new { fontSize = Font("0.75rem") }, maxWidth = deck ? "14rem" : "10rem" } },
                    grid = new { borderColor = dark ? "#455a64" : "#eceff1", padding = new { left = 8, right = 32 } },
                    legend = new { show = false },
                    tooltip = new { theme = dark ? "dark" : "light" },
                };
        }
    }

    private static object ForYears(ChartModel model, ChartLook look)
    {
        var isRate = model.Kind == IndicatorKind.Rate;
        var type = isRate ? "line" : "bar";
        var dark = look == ChartLook.DeckDark;
        var deck = look != ChartLook.Page;
        var palette = dark ? DarkPalette : Palette;
        var colors = model.Series.Select((s, i) => s.IsRemainder ? RemainderColor : palette[i % palette.Length]).ToArray();
        // On the wall screen no text is smaller than 2% of the screen's height (the deck's rem is 2.5%).
        string Font(string onPage) => deck ? "0.9rem" : onPage;
        var marker = dark ? "#eceff1" : ApproximateMarker;

        var series = model.Series.Select((s, index) => new
        {
            name = s.Name,
            group = s.Stack,
            data = s.Values.Select((v, year) => v is null
                ? new ChartDatum(Year(model, year), null, null, null)
                : new ChartDatum(Year(model, year), v.Value, v.Label,
                    // A bar of "more than N" carries a dashed marker at N: the bar is a floor, not the value.
                    !isRate && v.Qualifier != Qualifier.Exact ? [new Goal($"{v.Label}（约数）", v.Value, marker)] : null)
                {
                    // A provisional bar is drawn pale (its year says 暂定 on the axis): it may still move.
                    FillColor = !isRate && v.Status == FigureStatus.Provisional ? colors[index] + ProvisionalAlpha : null,
                }).ToArray(),
        }).ToArray();

        // Approximate points of a line get a hollow square marker, provisional ones a hollow circle in their colour.
        var discrete = isRate
            ? model.Series.SelectMany((s, si) => s.Values.Select((v, pi) => (v, si, pi)))
                .Where(x => x.v is not null && (x.v.Qualifier != Qualifier.Exact || x.v.Status == FigureStatus.Provisional))
                .Select(x => x.v!.Qualifier != Qualifier.Exact
                    ? new { seriesIndex = x.si, dataPointIndex = x.pi, fillColor = dark ? "#263238" : "#ffffff", strokeColor = marker, size = 6, shape = "square" }
                    : new { seriesIndex = x.si, dataPointIndex = x.pi, fillColor = dark ? "#263238" : "#ffffff", strokeColor = colors[x.si], size = 6, shape = "circle" })
                .ToArray()
            : [];

        // A rate axis starts at 0: from 93 up, 100 → 98.5 looked like a collapse. The data labels carry the precise values.
        decimal? min = isRate ? 0 : null;

        return new
        {
            chart = new
            {
                type,
                height = "100%",
                stacked = model.IsStacked,
                fontFamily = FontFamily,
                foreColor = dark ? "#eceff1" : deck ? "#212121" : null,
                background = "transparent",
                toolbar = new { show = false },
                zoom = new { enabled = false },
                // Short dynamic animation: data labels stay hidden after an update when animations are fully off.
                animations = new { enabled = true, speed = 250, animateGradually = new { enabled = false }, dynamicAnimation = new { enabled = true, speed = 250 } },
            },
            series,
            colors,
            stroke = new { width = isRate ? 3 : 0, curve = "straight" },
            markers = new { size = isRate ? 5 : 0, discrete },
            dataLabels = new
            {
                enabled = true,
                style = new { fontSize = deck ? "1rem" : "0.75rem", fontWeight = 600 },
                background = new { enabled = isRate },
                offsetY = isRate ? -6 : 0,
            },
            plotOptions = new
            {
                bar = new
                {
                    columnWidth = model.Years.Count <= 3 ? "45%" : "60%",
                    borderRadius = 2,
                    dataLabels = new
                    {
                        position = model.IsStacked ? "center" : "top",
                        total = new { enabled = model.IsSingleStack && model.TotalLabels is not null, style = new { fontSize = deck ? "1rem" : "0.8125rem", fontWeight = 700, color = dark ? "#ffffff" : null } },
                    },
                },
            },
            meta = new { totals = model.IsSingleStack ? model.TotalLabels : null },
            xaxis = new
            {
                type = "category",
                labels = new { style = new { fontSize = Font("0.75rem") } },
            },
            yaxis = new
            {
                min,
                max = isRate ? (decimal?)100 : null,
                decimalsInFloat = isRate ? 1 : 0,
                forceNiceScale = true,
                // A wall screen's tall chart would otherwise get a tick every few units.
                tickAmount = deck ? 5 : (int?)null,
                labels = new { style = new { fontSize = Font("0.7rem") } },
            },
            // In the catalog's order (一审 before 二审): clustered by stack, ApexCharts listed a stack's parts top to bottom.
            legend = new { show = model.Series.Count > 1, position = "top", horizontalAlign = "left", fontSize = Font("0.75rem"), clusterGroupedSeries = false },
            grid = new { borderColor = dark ? "#455a64" : "#eceff1", padding = new { left = 8, right = 8 } },

            tooltip = new { shared = false, intersect = !isRate, theme = dark ? "dark" : "light" },
            theme = new { mode = dark ? "dark" : "light" },
            annotations = new
            {
                yaxis = new[] { (Line: model.Reference, Color: "#c62828"), (Line: model.Target, Color: "#2e7d32") }
                    .Where(x => x.Line is not null)
                    .Select(x => new { y = x.Line!.Value, borderColor = x.Color, strokeDashArray = 4 })
                    .ToArray(),
            },
        };
    }

    /// <summary>
    /// The value axis of bars drawn across (one year): room beyond the longest bar for the label at its end (2次,
    /// 3000余份 were cut off at the edge), and ticks on round numbers — whole ones for counts (a count of 2 had an axis
    /// 0.0, 0.5 … 2.0).
    /// </summary>
    internal static (decimal Max, int Ticks) BarScale(decimal longest)
    {
        var room = Math.Max(longest * 1.25m, 1);
        // The smallest round step that covers the room in four ticks.
        var step = RoundSteps().First(step => step * 4 >= room);
        var ticks = (int)Math.Ceiling(room / step);
        return (ticks * step, ticks);
    }

    /// <summary>1, 2, 5, 10, 20, 25, 50, 100 …: round steps of an axis, whole numbers only.</summary>
    private static IEnumerable<decimal> RoundSteps()
    {
        for (var magnitude = 1m; ; magnitude *= 10)
        {
            foreach (var factor in new[] { 1m, 2m, 2.5m, 5m })
            {
                if (factor * magnitude == Math.Floor(factor * magnitude)) yield return factor * magnitude;
            }
        }
    }

    /// <summary>
    /// The lines drawn across a trend, named — ┄ 全国目标 95%　┄ 2025年目标 ≥96% — by the card, above the plot: on the
    /// line their label covered the values next to it (98.5 under 全国目标 95%), on the page and in print.
    /// </summary>
    public static string? ReferenceNames(ChartModel model) =>
        new[] { model.Reference, model.Target }.Where(l => l is not null).Select(l => $"┄ {l!.Label}").ToArray() is { Length: > 0 } names
            ? string.Join("　", names)
            : null;

    /// <summary>Hex alpha of a provisional bar's fill: the same hue, pale.</summary>
    private const string ProvisionalAlpha = "59";

    /// <summary>The x label of a year: a sample or provisional year says so on the axis itself.</summary>
    private static object Year(ChartModel model, int yearIndex) =>
        model.IsSampleYear(yearIndex) ? new[] { model.Years[yearIndex].ToString(), "示例数据" }
        : model.IsProvisionalYear(yearIndex) ? new[] { model.Years[yearIndex].ToString(), "暂定" }
        : model.Years[yearIndex].ToString();

    private sealed record Goal(string Name, decimal Value, string StrokeColor)
    {
        public int StrokeHeight => 3;
        public int StrokeDashArray => 3;
    }

    private sealed record ChartDatum(object X, decimal? Y, string? Label, Goal[]? Goals)
    {
        public string? FillColor { get; init; }
    }
}
