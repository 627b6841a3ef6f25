using Dashboard.Data;
using Dashboard.Data.Targets;
using static Dashboard.Tests.Support.Indicators;

namespace Dashboard.Tests.Data;

public sealed class TargetRulesTests
{
    private static Target Aim(Comparator comparator, decimal value) => new() { IndicatorCode = "x", Comparator = comparator, Value = value };

    [Theory]
    [InlineData(Comparator.GreaterOrEqual, 95, 100, Qualifier.Exact, TargetStatus.Met)]
    [InlineData(Comparator.GreaterOrEqual, 95, 94.5, Qualifier.Exact, TargetStatus.NotMet)]
    [InlineData(Comparator.LessOrEqual, 5, 7, Qualifier.Exact, TargetStatus.NotMet)]
    [InlineData(Comparator.LessOrEqual, 5, 3, Qualifier.Exact, TargetStatus.Met)]
    [InlineData(Comparator.Equal, 0, 0, Qualifier.Exact, TargetStatus.Met)]
    [InlineData(Comparator.GreaterOrEqual, 500, 524, Qualifier.MoreThan, TargetStatus.Met)]
    [InlineData(Comparator.GreaterOrEqual, 600, 524, Qualifier.MoreThan, TargetStatus.Unknown)]
    [InlineData(Comparator.GreaterOrEqual, 500, 500, Qualifier.About, TargetStatus.Unknown)]
    [InlineData(Comparator.LessOrEqual, 50, 50, Qualifier.JustUnder, TargetStatus.Met)]
    [InlineData(Comparator.LessOrEqual, 50, 60, Qualifier.MoreThan, TargetStatus.NotMet)]
    public void AFigureMeetsItsTargetOnlyWhenItsWordsSaySo(Comparator comparator, double target, double value, Qualifier qualifier, TargetStatus expected)
    {
        Assert.Equal(expected, TargetRules.Of(Aim(comparator, (decimal)target), Value((decimal)value, qualifier)));
    }

    [Fact]
    public void NoFigureMeansNoVerdict()
    {
        Assert.Equal(TargetStatus.Unknown, TargetRules.Of(Aim(Comparator.GreaterOrEqual, 1), null));
    }
}
