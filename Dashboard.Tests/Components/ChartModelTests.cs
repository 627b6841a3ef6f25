using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Web.Views;
using static Dashboard.Tests.Support.Indicators;

namespace Dashboard.Tests.Components;

public sealed class ChartModelTests
{
    private static SeriesPoint Point(string code, int year, decimal value, Qualifier qualifier = Qualifier.Exact, FigureStatus status = FigureStatus.Published) =>
        new() { IndicatorCode = code, Year = year, Value = value, Qualifier = qualifier, Status = status };

    [Fact]
    public void ABreakdownStacksItsPartsWithTheUnallocatedRemainderAsOther()
    {
        var events = Make("events", unit: "场", chart: "outreach", id: 1);
        Indicator[] catalog =
        [
            events,
            Make("sanlv", unit: "场", parent: "events", id: 2) with { ParentId = 1, ParentCode = "events", Name = "平安三率宣传" },
            Make("drugs", unit: "场", parent: "events", id: 3) with { ParentId = 1, ParentCode = "events", Name = "禁毒反邪教宣传" },
            Make("civil", unit: "场", parent: "events", id: 4) with { ParentId = 1, ParentCode = "events", Name = "民法典宪法等宣传" },
        ];
        SeriesPoint[] points =
        [
            Point("events", 2024, 524, Qualifier.MoreThan), Point("sanlv", 2024, 150, Qualifier.MoreThan),
            Point("drugs", 2024, 45), Point("civil", 2024, 50, Qualifier.MoreThan),
        ];

        var chart = Assert.Single(ChartModel.Build(catalog, points, 2024));

        Assert.Equal(["平安三率宣传", "禁毒反邪教宣传", "民法典宪法等宣传", "其他"], chart.Series.Select(s => s.Name));
        var other = chart.Series[^1].Values[0]!;
        Assert.Equal((279m, Qualifier.About, "约279"), (other.Value, other.Qualifier, other.Label));
        Assert.True(chart.IsSingleStack);
        Assert.Equal(["524余"], chart.TotalLabels!);
    }

    [Fact]
    public void IndicatorsSharingAChartEachKeepTheirOwnUnit()
    {
        Indicator[] catalog =
        [
            Make("produced", unit: "条", chart: "gov_info", id: 1) with { Name = "政府信息制作数" },
            Make("disclosed", unit: "份", chart: "gov_info", id: 2) with { Name = "政府信息主动公开数" },
        ];
        SeriesPoint[] points = [Point("produced", 2024, 44), Point("disclosed", 2024, 524, Qualifier.MoreThan)];

        var chart = Assert.Single(ChartModel.Build(catalog, points, 2024));
        using var options = System.Text.Json.JsonDocument.Parse(ChartOptions.Json(chart));

        Assert.Equal(["44条", "524余份"], options.RootElement.GetProperty("meta").GetProperty("valueLabels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(["条", "份"], chart.Series.Select(chart.UnitOf));
    }

    [Fact]
    public void WithOneYearABreakdownIsADonutOfItsPartsAndTheRemainderWithTheTotalAsWrittenInItsCentre()
    {
        Indicator[] catalog =
        [
            Make("events", unit: "场", chart: "outreach", id: 1),
            Make("sanlv", unit: "场", parent: "events", id: 2) with { ParentId = 1, ParentCode = "events", Name = "平安三率宣传" },
            Make("drugs", unit: "场", parent: "events", id: 3) with { ParentId = 1, ParentCode = "events", Name = "禁毒反邪教宣传" },
        ];
        SeriesPoint[] points = [Point("events", 2024, 524, Qualifier.MoreThan), Point("sanlv", 2024, 150, Qualifier.MoreThan), Point("drugs", 2024, 45)];

        var chart = Assert.Single(ChartModel.Build(catalog, points, 2024));
        using var options = System.Text.Json.JsonDocument.Parse(ChartOptions.Json(chart));

        Assert.Equal(ChartOptions.SingleYearShape.Donut, ChartOptions.ShapeOf(chart));
        Assert.Equal("donut", options.RootElement.GetProperty("chart").GetProperty("type").GetString());
        Assert.Equal(["平安三率宣传", "禁毒反邪教宣传", "其他"], options.RootElement.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal([150m, 45m, 329m], options.RootElement.GetProperty("series").EnumerateArray().Select(v => v.GetDecimal()));
        var meta = options.RootElement.GetProperty("meta");
        Assert.Equal(["150余场", "45场", "约329场"], meta.GetProperty("valueLabels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("524余场", meta.GetProperty("total").GetString());
    }

    [Fact]
    public void WithOneYearARateIsAGaugeNamingItsReferenceAndCountsAreBarsSideBySide()
    {
        Indicator[] catalog =
        [
            Make("success", kind: IndicatorKind.Rate, unit: "%", chart: "success") with { ReferenceValue = 95, ReferenceLabel = "全国目标 95%" },
            Make("reconsideration", chart: "disputes") with { Name = "行政复议" },
            Make("litigation", chart: "disputes") with { Name = "行政诉讼" },
        ];
        SeriesPoint[] points = [Point("success", 2024, 100), Point("reconsideration", 2024, 7), Point("litigation", 2024, 10)];

        var charts = ChartModel.Build(catalog, points, 2024).ToDictionary(c => c.Code);
        using var gauge = System.Text.Json.JsonDocument.Parse(ChartOptions.Json(charts["success"]));
        using var bars = System.Text.Json.JsonDocument.Parse(ChartOptions.Json(charts["disputes"]));

        Assert.Equal("radialBar", gauge.RootElement.GetProperty("chart").GetProperty("type").GetString());
        Assert.Equal("全国目标 95%", gauge.RootElement.GetProperty("subtitle").GetProperty("text").GetString());
        // One rate's name is the card's title: not written again inside the gauge, where it ran into the value.
        Assert.False(gauge.RootElement.GetProperty("plotOptions").GetProperty("radialBar").GetProperty("dataLabels").GetProperty("name").GetProperty("show").GetBoolean());
        Assert.Equal("bar", bars.RootElement.GetProperty("chart").GetProperty("type").GetString());
        Assert.True(bars.RootElement.GetProperty("plotOptions").GetProperty("bar").GetProperty("horizontal").GetBoolean());
        var data = bars.RootElement.GetProperty("series")[0].GetProperty("data");
        Assert.Equal([("行政复议", "7件"), ("行政诉讼", "10件")], data.EnumerateArray().Select(d => (d.GetProperty("x").GetString()!, d.GetProperty("label").GetString()!)));
    }

    [Fact]
    public void AProvisionalBarIsDrawnPaleAndItsYearSaysSoOnTheAxis()
    {
        Indicator[] catalog = [Make("petitions", chart: "petitions")];
        SeriesPoint[] points = [Point("petitions", 2023, 81), Point("petitions", 2024, 73, status: FigureStatus.Provisional)];

        var chart = Assert.Single(ChartModel.Build(catalog, points, 2024));
        using var options = System.Text.Json.JsonDocument.Parse(ChartOptions.Json(chart));

        var data = options.RootElement.GetProperty("series")[0].GetProperty("data");
        Assert.False(data[0].TryGetProperty("fillColor", out _));
        Assert.EndsWith("59", data[1].GetProperty("fillColor").GetString());
        Assert.Equal("2023", data[0].GetProperty("x").GetString());
        Assert.Equal(["2024", "暂定"], data[1].GetProperty("x").EnumerateArray().Select(x => x.GetString()));
        Assert.True(chart.HasProvisional);
    }

    [Fact]
    public void AMissingYearIsAGapNotAZero()
    {
        Indicator[] catalog = [Make("petitions", chart: "petitions")];
        SeriesPoint[] points = [Point("petitions", 2021, 96), Point("petitions", 2023, 81), Point("petitions", 2024, 73)];

        var chart = Assert.Single(ChartModel.Build(catalog, points, 2024));

        Assert.Equal([2021, 2022, 2023, 2024], chart.Years);
        Assert.Equal([96m, null, 81m, 73m], chart.Series[0].Values.Select(v => v?.Value));
    }

    [Fact]
    public void LitigationStacksItsInstancesBesideReconsideration()
    {
        Indicator[] catalog =
        [
            Make("reconsideration", chart: "disputes", id: 1) with { Name = "行政复议案件" },
            Make("litigation", chart: "disputes", id: 2) with { Name = "行政诉讼案件" },
            Make("first", id: 3) with { ParentId = 2, ParentCode = "litigation", Name = "一审" },
            Make("second", id: 4) with { ParentId = 2, ParentCode = "litigation", Name = "二审" },
        ];
        SeriesPoint[] points = [Point("reconsideration", 2024, 7), Point("litigation", 2024, 10), Point("first", 2024, 6), Point("second", 2024, 4)];

        var chart = Assert.Single(ChartModel.Build(catalog, points, 2024));

        Assert.Equal([("行政复议案件", "reconsideration"), ("一审", "litigation"), ("二审", "litigation")], chart.Series.Select(s => (s.Name, s.Stack)));
        Assert.DoesNotContain(chart.Series, s => s.IsRemainder);
        Assert.False(chart.IsSingleStack);
    }

    [Fact]
    public void ChartsRunFromTheirFirstYearToTheYearInView()
    {
        Indicator[] catalog = [Make("a", chart: "a"), Make("b", chart: "b")];
        SeriesPoint[] points = [Point("a", 2022, 1), Point("a", 2025, 3), Point("b", 2024, 5)];

        var charts = ChartModel.Build(catalog, points, 2024);

        Assert.Equal([2022, 2023, 2024], charts.Single(c => c.Code == "a").Years);
        Assert.Equal([2024], charts.Single(c => c.Code == "b").Years);
    }

    [Fact]
    public void SampleYearsAreKnownAsSuch()
    {
        Indicator[] catalog = [Make("a", chart: "a")];
        SeriesPoint[] points = [Point("a", 2023, 1, status: FigureStatus.Sample), Point("a", 2024, 3)];

        var chart = Assert.Single(ChartModel.Build(catalog, points, 2024));

        Assert.True(chart.HasSample);
        Assert.True(chart.IsSampleYear(0));
        Assert.False(chart.IsSampleYear(1));
    }
}
