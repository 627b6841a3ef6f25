using Dashboard.Data;
using Dashboard.Data.Figures;
using static Dashboard.Tests.Support.Indicators;

namespace Dashboard.Tests.Data;

public sealed class FigureTextTests
{
    [Theory]
    [InlineData(524, Qualifier.MoreThan, "场", "524余场")]
    [InlineData(23000, Qualifier.MoreThan, "件", "23000余件")]
    [InlineData(50, Qualifier.AtLeast, "场", "50场以上")]
    [InlineData(50, Qualifier.About, "场", "约50场")]
    [InlineData(50, Qualifier.JustUnder, "场", "近50场")]
    [InlineData(99.5, Qualifier.Exact, "%", "99.5%")]
    [InlineData(811, Qualifier.Exact, "件", "811件")]
    public void WritesAFigureAsTheReportsDo(decimal value, Qualifier qualifier, string unit, string expected)
    {
        Assert.Equal(expected, FigureText.Format(value, qualifier, unit));
    }

    [Fact]
    public void AYesNoFigureIsWrittenAsYesOrNo()
    {
        var coverage = Make("coverage", IndicatorKind.Flag, "", Direction.TargetFull);

        Assert.Equal(("是", "否"), (FigureText.Format(1, Qualifier.Exact, coverage), FigureText.Format(0, Qualifier.Exact, coverage)));
    }

    [Theory]
    [InlineData("摆摊设点开展宣传活动524余场", 524, Qualifier.MoreThan)]
    [InlineData("调解成功率100%", 100, Qualifier.Exact)]
    [InlineData("参加培训50人以上", 50, Qualifier.AtLeast)]
    [InlineData("发放约3000份", 3000, Qualifier.About)]
    [InlineData("发放3000份左右", 3000, Qualifier.About)]
    [InlineData("近50场", 50, Qualifier.JustUnder)]
    [InlineData("脱管失控吸毒人员持续保持“清零”状态", 0, Qualifier.Exact)]
    [InlineData("未发生精神病人肇事肇祸的个人极端暴力犯罪案件", 0, Qualifier.Exact)]
    public void ReadsTheValueAReportsWordsState(string words, decimal value, Qualifier qualifier)
    {
        Assert.Equal((value, qualifier), FigureText.ParseStated(words));
    }

    [Fact]
    public void WordsWithoutANumberStateNothing()
    {
        Assert.Null(FigureText.ParseStated("实现基层法律服务全覆盖"));
    }

    [Theory]
    [InlineData("受理１２３件")] // full-width digits (found by FuzzTests: they crashed the reader)
    [InlineData("受理١٢٣件")]
    public void DigitsOtherThanAsciiStateNothingRatherThanFailing(string words)
    {
        Assert.Null(FigureText.ParseStated(words));
    }

    [Fact]
    public void ANumberLongerThanAnyFigureStatesNothingRatherThanFailing()
    {
        Assert.Null(FigureText.ParseStated("共" + new string('9', 400) + "件"));
    }
}
