using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dashboard.Data;

namespace Dashboard.Web.Components.Charts;

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
    /// (SharedViews), so a thousand screens hold one copy instead of a thousand object graphs and strings.
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

    public static object For(ChartModel model, ChartLook look = ChartLook.Page)
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
            legend = new { show = model.Series.Count > 1, position = "top", horizontalAlign = "left", fontSize = Font("0.75rem") },
            grid = new { borderColor = dark ? "#455a64" : "#eceff1", padding = new { left = 8, right = 8 } },
            tooltip = new { shared = false, intersect = !isRate, theme = dark ? "dark" : "light" },
            theme = new { mode = dark ? "dark" : "light" },
            annotations = new
            {
                yaxis = new[] { (Line: model.Reference, Color: "#c62828"), (Line: model.Target, Color: "#2e7d32") }
                    .Where(x => x.Line is not null)
                    .Select(x => new { y = x.Line!.Value, borderColor = x.Color, strokeDashArray = 4, label = new { text = x.Line.Label, borderColor = x.Color, style = new { color = "#fff", background = x.Color, fontSize = Font("0.7rem") } } })
                    .ToArray(),
            },
        };
    }

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
