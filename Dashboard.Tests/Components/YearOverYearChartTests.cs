using Bunit;
using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Tests.Support;
using Dashboard.Web.Components;
using Dashboard.Web.Components.Charts;
using Dashboard.Web.Views;
using Microsoft.AspNetCore.Components;
using static Dashboard.Tests.Support.Indicators;

namespace Dashboard.Tests.Components;

public sealed class YearOverYearChartTests : ComponentTests
{
    private static ChartModel Outreach()
    {
        Indicator[] catalog =
        [
            Make("events", unit: "场", chart: "outreach", id: 1) with { Name = "平安宣传活动" },
            Make("drugs", unit: "场", id: 2) with { ParentId = 1, ParentCode = "events", Name = "禁毒反邪教宣传" },
        ];
        SeriesPoint[] points =
        [
            new() { IndicatorCode = "events", Year = 2022, Value = 450, Qualifier = Qualifier.MoreThan, Status = FigureStatus.Sample },
            new() { IndicatorCode = "drugs", Year = 2022, Value = 40, Qualifier = Qualifier.Exact, Status = FigureStatus.Sample },
            new() { IndicatorCode = "events", Year = 2024, Value = 524, Qualifier = Qualifier.MoreThan, Status = FigureStatus.Published },
            new() { IndicatorCode = "drugs", Year = 2024, Value = 45, Qualifier = Qualifier.Exact, Status = FigureStatus.Published },
        ];
        return ChartModel.Build(catalog, points, 2024).Single();
    }

    [Fact]
    public void TheTableViewShowsTheSameNumbersAsTheChart()
    {
        var chart = Context.Render<YearOverYearChart>(p => p.Add(c => c.Model, Outreach()));
        Assert.NotEmpty(chart.FindAll(".apex-chart"));
        Assert.Empty(chart.FindAll("table"));

        chart.Find("button[title=显示表格]").Click();

        var rows = chart.FindAll("table tbody tr").Select(r => r.QuerySelectorAll("th, td").Select(c => c.TextContent.Trim()).ToList()).ToList();
        Assert.Equal(["禁毒反邪教宣传", "其他"], chart.FindAll("table thead th").Skip(1).Select(h => h.TextContent));
        Assert.Equal(["2022（示例数据）", "40场", "约410场"], rows[0]);
        Assert.Equal(["2023", "无数据", "无数据"], rows[1]);
        Assert.Equal(["2024", "45场", "约479场"], rows[2]);
    }

    [Fact]
    public void ClickingAValueInTheOneYearViewRaisesItsIndicatorAndYear()
    {
        (string, int)? selected = null;
        var oneYear = Outreach() with { Years = [2024], Series = Outreach().Series.Select(s => s with { Values = [s.Values[^1]] }).ToList() };
        var chart = Context.Render<YearOverYearChart>(p => p
            .Add(c => c.Model, oneYear)
            .Add(c => c.Screen, new ScreenState { ChartSelected = EventCallback.Factory.Create<(string, int)>(this, point => selected = point) }));

        // The year's own chart, and beside it the figures as written, each of which can be clicked.
        Assert.Single(chart.FindAll(".single-year-chart .apex-chart"));
        chart.FindAll(".single-year__value").Single(v => v.TextContent.Contains("禁毒反邪教宣传")).Click();

        Assert.Equal(("drugs", 2024), selected);
    }
}
