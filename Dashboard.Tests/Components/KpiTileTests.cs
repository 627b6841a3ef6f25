using Bunit;
using Dashboard.Data;
using Dashboard.Tests.Support;
using Dashboard.Web.Components;
using Dashboard.Web.Components.Tiles;
using Dashboard.Web.Views;
using Microsoft.AspNetCore.Components;
using static Dashboard.Tests.Support.Indicators;

namespace Dashboard.Tests.Components;

public sealed class KpiTileTests : ComponentTests
{
    [Fact]
    public void ShowsAnApproximateValueAsTheReportWritesIt()
    {
        var outreach = Make("outreach", unit: "场", direction: Direction.HigherBetter, name: "平安宣传活动");

        var tile = Context.Render<KpiTile>(p => p.Add(t => t.Model, new KpiTileModel(Row(outreach, Value(524, Qualifier.MoreThan), Value(480, Qualifier.MoreThan)))));

        Assert.Equal("524余场", tile.Find(".kpi-tile__value").TextContent);
        Assert.Contains("约数，不宜比较", tile.Find(".kpi-tile__change").TextContent);
        Assert.Empty(tile.FindAll(".kpi-tile__arrow"));
    }

    /// <summary>余 and 以上 are lower bounds: 600余 against 230 is at least +370 (and an increase, arrow and colour);
    /// 200余 against 230 could be either way; 约 is about, never a bound.</summary>
    [Theory]
    [InlineData(600, Qualifier.MoreThan, 230, Qualifier.Exact, "至少+370场", true)]
    [InlineData(95, Qualifier.AtLeast, 90, Qualifier.Exact, "至少+5场", true)]
    [InlineData(400, Qualifier.Exact, 500, Qualifier.MoreThan, "至少−100场", true)]
    [InlineData(200, Qualifier.MoreThan, 230, Qualifier.Exact, "约数，不宜比较", false)]
    [InlineData(600, Qualifier.About, 230, Qualifier.Exact, "约数，不宜比较", false)]
    [InlineData(600, Qualifier.Exact, 230, Qualifier.JustUnder, "约数，不宜比较", false)]
    public void ABoundGivesTheLeastChangeAndOnlyAboutOrUnknownDirectionsAreNotComparable(
        int current, Qualifier currentQualifier, int previous, Qualifier previousQualifier, string expected, bool arrow)
    {
        var outreach = Make("outreach", unit: "场", direction: Direction.HigherBetter, name: "平安宣传活动");

        var tile = Context.Render<KpiTile>(p => p.Add(t => t.Model, new KpiTileModel(Row(outreach, Value(current, currentQualifier), Value(previous, previousQualifier)))));

        Assert.Contains(expected, tile.Find(".kpi-tile__change").TextContent);
        Assert.Equal(arrow, tile.FindAll(".kpi-tile__arrow").Count == 1);
    }

    [Fact]
    public void ShowsAClearedStockAsCleared()
    {
        var outOfControl = Make("out_of_control", IndicatorKind.Stock, "人", Direction.TargetZero);

        var tile = Context.Render<KpiTile>(p => p.Add(t => t.Model, new KpiTileModel(Row(outOfControl, Value(0), Value(1)))));

        Assert.Equal("清零", tile.Find(".kpi-tile__value").TextContent);
        Assert.Contains("kpi-tile--good", tile.Find("button").ClassName);
    }

    [Fact]
    public void MoreLawsuitsIsBadNews()
    {
        var lawsuits = Make("lawsuits", direction: Direction.LowerBetter);

        var tile = Context.Render<KpiTile>(p => p.Add(t => t.Model, new KpiTileModel(Row(lawsuits, Value(10), Value(7)))));

        Assert.Contains("kpi-tile--bad", tile.Find("button").ClassName);
        Assert.Equal("上升", tile.Find(".kpi-tile__arrow").GetAttribute("aria-label"));
        Assert.Contains("较2023年 +3件（+42.9%）", tile.Find(".kpi-tile__change").TextContent);
    }

    [Fact]
    public void FewerLawsuitsIsGoodNews()
    {
        var lawsuits = Make("lawsuits", direction: Direction.LowerBetter);

        var tile = Context.Render<KpiTile>(p => p.Add(t => t.Model, new KpiTileModel(Row(lawsuits, Value(7), Value(10)))));

        Assert.Contains("kpi-tile--good", tile.Find("button").ClassName);
        Assert.Equal("下降", tile.Find(".kpi-tile__arrow").GetAttribute("aria-label"));
    }

    [Fact]
    public void ARateComparesInPercentagePoints()
    {
        var success = Make("success", IndicatorKind.Rate, "%", Direction.HigherBetter);

        var tile = Context.Render<KpiTile>(p => p.Add(t => t.Model, new KpiTileModel(Row(success, Value(99), Value(99.5m)))));

        Assert.Contains("较2023年 −0.5个百分点", tile.Find(".kpi-tile__change").TextContent);
        Assert.Contains("kpi-tile--bad", tile.Find("button").ClassName);
    }

    [Fact]
    public void ANeutralIndicatorIsNeitherGreenNorRed()
    {
        var disputes = Make("disputes", direction: Direction.Neutral);

        var tile = Context.Render<KpiTile>(p => p.Add(t => t.Model, new KpiTileModel(Row(disputes, Value(811), Value(790)))));

        Assert.Contains("kpi-tile--neutral", tile.Find("button").ClassName);
        Assert.Equal("上升", tile.Find(".kpi-tile__arrow").GetAttribute("aria-label"));
    }

    [Fact]
    public void AMissingPreviousYearSaysSoWithoutAnArrow()
    {
        var petitions = Make("petitions", direction: Direction.LowerBetter);

        var tile = Context.Render<KpiTile>(p => p.Add(t => t.Model, new KpiTileModel(Row(petitions, Value(73), null))));

        Assert.Equal("73件", tile.Find(".kpi-tile__value").TextContent);
        Assert.Contains("上年无数据", tile.Find(".kpi-tile__change").TextContent);
        Assert.Empty(tile.FindAll(".kpi-tile__arrow"));
        Assert.Contains("kpi-tile--neutral", tile.Find("button").ClassName);
    }

    [Fact]
    public void AProvisionalFigureCarriesABadgeAndIsComparedMarkedProvisional()
    {
        var petitions = Make("petitions");

        var tile = Context.Render<KpiTile>(p => p.Add(t => t.Model, new KpiTileModel(Row(petitions, Value(80, status: FigureStatus.Provisional), Value(73)))));

        Assert.Equal("暂定", tile.Find(".kpi-tile__badge").TextContent);
        Assert.Contains("较2023年 +7件（+9.6%）", tile.Find(".kpi-tile__change").TextContent);
        Assert.Equal("（暂定）", tile.Find(".kpi-tile__provisional").TextContent);
        Assert.NotEmpty(tile.FindAll(".kpi-tile__arrow"));
    }

    [Fact]
    public void ASampleFigureCarriesTheSampleBadge()
    {
        var petitions = Make("petitions");

        var tile = Context.Render<KpiTile>(p => p.Add(t => t.Model, new KpiTileModel(Row(petitions, Value(81, status: FigureStatus.Sample), Value(96, status: FigureStatus.Sample), 2023))));

        Assert.Equal("示例数据", tile.Find(".kpi-tile__badge").TextContent);
    }

    [Fact]
    public void ClickingTheTileRaisesItsIndicator()
    {
        string? selected = null;
        var petitions = Make("petitions");
        var tile = Context.Render<KpiTile>(p => p
            .Add(t => t.Model, new KpiTileModel(Row(petitions, Value(73), null)))
            .Add(t => t.Screen, new ScreenState { TileSelected = EventCallback.Factory.Create<string>(this, code => selected = code) }));

        tile.Find("button").Click();

        Assert.Equal("petitions", selected);
    }

    [Fact]
    public void ShowsItsTargetAndWhetherItIsMet()
    {
        var success = Make("success", IndicatorKind.Rate, "%", Direction.HigherBetter);
        var target = new Dashboard.Data.Targets.Target { IndicatorCode = "success", Comparator = Comparator.GreaterOrEqual, Value = 95 };

        var met = Context.Render<KpiTile>(p => p.Add(t => t.Model, new KpiTileModel(Row(success, Value(100), null), target)));
        var missed = Context.Render<KpiTile>(p => p.Add(t => t.Model, new KpiTileModel(Row(success, Value(90), null), target)));

        Assert.Equal("目标 ≥95% · 已达成", met.Find(".kpi-tile__target").TextContent);
        Assert.Contains("kpi-tile__target--met", met.Find(".kpi-tile__target").ClassName);
        Assert.Contains("未达成", missed.Find(".kpi-tile__target").TextContent);
        Assert.Contains("kpi-tile__target--notmet", missed.Find(".kpi-tile__target").ClassName);
    }
}
