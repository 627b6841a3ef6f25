using Dashboard.Data;
using Dashboard.Data.Figures;
using Dashboard.Web.Components.Pages.EditFigures;
using static Dashboard.Tests.Support.Indicators;

namespace Dashboard.Tests.Components;

public sealed class HistoryTextTests
{
    private static FigureHistoryEntry Update(decimal oldValue, decimal newValue) => new()
    {
        Action = HistoryAction.Update, ChangedBy = "clerk", Reason = "核对",
        OldValue = oldValue, OldQualifier = Qualifier.Exact, OldStatus = FigureStatus.Published,
        NewValue = newValue, NewQualifier = Qualifier.Exact, NewStatus = FigureStatus.Published,
    };

    [Fact]
    public void AChangeOfValueReadsOldToNewAndOneThatLeftTheValueAloneSaysSo()
    {
        var indicator = Make("cases", unit: "件");

        Assert.Equal("7件（已发布） → 8件（已发布）", HistoryText.Describe(Update(7, 8), indicator));
        Assert.Equal("7件（已发布） 数值未变（备注或报告原文有更新）", HistoryText.Describe(Update(7, 7), indicator));
    }

    [Fact]
    public void AChangeOfTheNoteOrOfTheReportsWordsReadsBeforeAndAfter()
    {
        var indicator = Make("cases", unit: "件");
        var note = Update(7, 7) with { OldNote = "", NewNote = "=HYPERLINK(\"http://evil.example/\")", OldSourceText = "处理7件", NewSourceText = "处理7件" };
        var both = Update(7, 8) with { OldNote = "按台账", NewNote = "", OldSourceText = "处理7件", NewSourceText = "处理8件" };

        Assert.Equal("7件（已发布） 数值未变；备注：（空） → “=HYPERLINK(\"http://evil.example/\")”", HistoryText.Describe(note, indicator));
        Assert.Equal("7件（已发布） → 8件（已发布）；备注：“按台账” → （空）；报告原文：“处理7件” → “处理8件”", HistoryText.Describe(both, indicator));
    }
}
