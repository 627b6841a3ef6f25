using Dashboard.Data;
using Dashboard.Data.Figures;
using static Dashboard.Tests.Support.Indicators;

namespace Dashboard.Tests.Data;

/// <summary>Figures as clerks type them: full-width digits from a Chinese input method, and the report's own wording.</summary>
public sealed class FigureInputTests
{
    [Theory]
    [InlineData("811", "件", 811, null)]
    [InlineData("１２３", "件", 123, null)]
    [InlineData(" 1,234 ", "件", 1234, null)]
    [InlineData("1，234", "件", 1234, null)]
    [InlineData("23000余", "件", 23000, Qualifier.MoreThan)]
    [InlineData("524余场", "场", 524, Qualifier.MoreThan)]
    [InlineData("50场以上", "场", 50, Qualifier.AtLeast)]
    [InlineData("50以上", "场", 50, Qualifier.AtLeast)]
    [InlineData("约50", "场", 50, Qualifier.About)]
    [InlineData("50场左右", "场", 50, Qualifier.About)]
    [InlineData("近50件", "件", 50, Qualifier.JustUnder)]
    [InlineData("1200人次以上", "人次", 1200, Qualifier.AtLeast)]
    [InlineData("清零", "人", 0, Qualifier.Exact)]
    public void ReadsACount(string typed, string unit, int value, Qualifier? qualifier)
    {
        var figure = FigureInput.Parse(typed, Make("x", unit: unit));

        Assert.Equal(new TypedFigure(value, qualifier), figure);
    }

    [Theory]
    [InlineData("99.5", 99.5)]
    [InlineData("９９．５", 99.5)]
    [InlineData("99.5%", 99.5)]
    [InlineData("100％", 100)]
    public void ReadsARate(string typed, double value)
    {
        var figure = FigureInput.Parse(typed, Make("rate", kind: IndicatorKind.Rate, unit: "%"));

        Assert.Equal((decimal)value, figure!.Value);
    }

    [Theory]
    [InlineData("七十三")]       // numerals in words: typed in the grid, a number is expected
    [InlineData("50人以上")]     // another indicator's unit
    [InlineData("12,34")]        // not a group of three
    [InlineData("约50余")]
    [InlineData("5O")]           // the letter O
    [InlineData("811件811件")]
    public void RefusesWhatIsNoFigureOfThisIndicator(string typed)
    {
        Assert.Null(FigureInput.Parse(typed, Make("x", unit: "场")));
    }

    [Theory]
    [InlineData("是", 1)]
    [InlineData("否", 0)]
    [InlineData("1", 1)]
    public void AYesOrNoIndicatorTakesYesAndNoAsWritten(string typed, int value)
    {
        var flag = Make("coverage", kind: IndicatorKind.Flag, unit: "");

        Assert.Equal(new TypedFigure(value, typed == "1" ? null : Qualifier.Exact), FigureInput.Parse(typed, flag));
        Assert.Null(FigureInput.Parse("是", Make("x", unit: "件")));   // a count is no yes or no
        Assert.Equal("请填 1（是）或 0（否）。", FigureInput.HintFor(flag));
    }
}
