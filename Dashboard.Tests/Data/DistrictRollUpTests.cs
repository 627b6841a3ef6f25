using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Districts;
using Dashboard.Data.Figures;

namespace Dashboard.Tests.Data;

/// <summary>How a district adds up its streets' figures: as the reports write them, never more exactly than they are.</summary>
public sealed class DistrictRollUpTests
{
    private static Indicator Indicator(IndicatorKind kind, Direction direction = Direction.HigherBetter, string unit = "件", string? rateOf = null) => new()
    {
        Code = "x", CategoryCode = "c", Name = "指标", NameEn = "x", Unit = unit, Kind = kind, Direction = direction, Description = "", RateOfCode = rateOf,
    };

    private static FigureValue Value(decimal value, Qualifier qualifier = Qualifier.Exact, FigureStatus status = FigureStatus.Published) =>
        new() { Value = value, Qualifier = qualifier, Status = status };

    [Fact]
    public void TheSumOf524MoreThanAnd45Is569MoreThan()
    {
        var rollUp = DistrictRollUp.Of(Indicator(IndicatorKind.Count), 3, [Value(524, Qualifier.MoreThan), Value(45)]);

        Assert.Equal((569m, Qualifier.MoreThan), (rollUp.Sum!.Value, rollUp.Sum.Qualifier));
        Assert.Equal((3, 2), (rollUp.Expected, rollUp.Reported));
        Assert.False(rollUp.Provisional);
    }

    [Theory]
    [InlineData(new[] { Qualifier.Exact, Qualifier.Exact }, Qualifier.Exact)]
    [InlineData(new[] { Qualifier.Exact, Qualifier.AtLeast }, Qualifier.AtLeast)]
    [InlineData(new[] { Qualifier.AtLeast, Qualifier.MoreThan }, Qualifier.MoreThan)]
    [InlineData(new[] { Qualifier.Exact, Qualifier.About }, Qualifier.About)]
    [InlineData(new[] { Qualifier.MoreThan, Qualifier.JustUnder }, Qualifier.About)]
    public void ASumIsExactOnlyIfEveryPartIs(Qualifier[] parts, Qualifier expected)
    {
        Assert.Equal(expected, DistrictRollUp.SumQualifier(parts));
    }

    [Fact]
    public void ARateIsNeverSummedButGivesItsRangeAndMedian()
    {
        var rollUp = DistrictRollUp.Of(Indicator(IndicatorKind.Rate, unit: "%"), 4, [Value(98.5m), Value(100), Value(95, status: FigureStatus.Provisional)]);

        Assert.Null(rollUp.Sum);
        Assert.Equal((95m, 100m, 98.5m), (rollUp.Min, rollUp.Max, rollUp.Median));
        Assert.True(rollUp.Provisional);
    }

    [Fact]
    public void AYesNoIndicatorIsCounted()
    {
        var rollUp = DistrictRollUp.Of(Indicator(IndicatorKind.Flag, Direction.TargetFull, ""), 3, [Value(1), Value(0), Value(1)]);

        Assert.Equal((2, 3), (rollUp.Yes, rollUp.Reported));
        Assert.Null(rollUp.Sum);
        Assert.Equal(Standing.Worse, rollUp.StandingOf(0));
    }

    [Fact]
    public void AStandingFollowsTheIndicatorsDirection()
    {
        var figures = new[] { Value(10), Value(20), Value(30) };

        var more = DistrictRollUp.Of(Indicator(IndicatorKind.Count, Direction.HigherBetter), 3, figures);
        var fewer = DistrictRollUp.Of(Indicator(IndicatorKind.Count, Direction.LowerBetter), 3, figures);
        var neutral = DistrictRollUp.Of(Indicator(IndicatorKind.Count, Direction.Neutral), 3, figures);
        var zero = DistrictRollUp.Of(Indicator(IndicatorKind.Stock, Direction.TargetZero), 3, figures);
        var full = DistrictRollUp.Of(Indicator(IndicatorKind.Rate, Direction.TargetFull, "%"), 3, [Value(100), Value(97)]);

        Assert.Equal((Standing.Better, Standing.None, Standing.Worse), (more.StandingOf(30), more.StandingOf(20), more.StandingOf(10)));
        Assert.Equal((Standing.Worse, Standing.Better), (fewer.StandingOf(30), fewer.StandingOf(10)));
        Assert.Equal(Standing.None, neutral.StandingOf(30));
        Assert.Equal((Standing.Better, Standing.Worse), (zero.StandingOf(0), zero.StandingOf(10)));
        Assert.Equal((Standing.Better, Standing.Worse), (full.StandingOf(100), full.StandingOf(97)));
    }

    [Fact]
    public void NothingReportedIsNothingSummed()
    {
        var rollUp = DistrictRollUp.Of(Indicator(IndicatorKind.Count), 2, []);

        Assert.Equal((2, 0), (rollUp.Expected, rollUp.Reported));
        Assert.Null(rollUp.Sum);
        Assert.Null(rollUp.Median);
        Assert.Equal(Standing.None, rollUp.StandingOf(5));
    }

    [Fact]
    public void ARateTheCatalogSaysIsOfACountIsWeighedByThatCount()
    {
        var rate = Indicator(IndicatorKind.Rate, unit: "%", rateOf: "disputes_mediated");

        var exact = DistrictRollUp.Of(rate, 2, [Value(100), Value(90)], [Value(800), Value(200)], "矛盾纠纷排查调处");
        var approximate = DistrictRollUp.Of(rate, 2, [Value(100), Value(97.5m)], [Value(811), Value(300, Qualifier.MoreThan)], "矛盾纠纷排查调处");
        var missing = DistrictRollUp.Of(rate, 2, [Value(100), Value(90)], [Value(800), null], "矛盾纠纷排查调处");
        var unsaid = DistrictRollUp.Of(Indicator(IndicatorKind.Rate, unit: "%"), 2, [Value(100), Value(90)], [Value(800), Value(200)]);

        Assert.Equal((98m, Qualifier.Exact), (exact.Weighted!.Value, exact.Weighted.Qualifier));
        Assert.Equal("矛盾纠纷排查调处", exact.WeightedBy);
        Assert.Equal((99.3m, Qualifier.About), (approximate.Weighted!.Value, approximate.Weighted.Qualifier));
        Assert.Null(missing.Weighted);
        Assert.Null(unsaid.Weighted);
        Assert.Equal(95m, missing.Median);
    }
}
