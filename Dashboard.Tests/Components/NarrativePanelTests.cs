using Bunit;
using Dashboard.Tests.Support;
using Dashboard.Web.Components.Narrative;
using Dashboard.Web.Views;

namespace Dashboard.Tests.Components;

public sealed class NarrativePanelTests : ComponentTests
{
    [Fact]
    public void EveryFigureOfTheRealReportIsMarkedInItsText()
    {
        var seed = Dashboard.Data.Seeding.SeedData.Load(SeedFolder.Path);
        var figures = seed.Figures.Select(f => new NarrativeFigure(f.Indicator, f.SourceText, null)).ToList();

        var panel = Render(NarrativeDocument.Parse(SeedFolder.ReportText, figures));

        var marked = panel.FindAll("mark.figure-mark").Select(m => m.GetAttribute("data-indicator")).Distinct().ToList();
        Assert.Equal(figures.Select(f => f.IndicatorCode).Order(), marked.Order());
        Assert.Equal("摆摊设点开展宣传活动524余场", panel.Find("#figure-safety_outreach_events").TextContent);
    }

    [Fact]
    public void HeadingsAndBoldLeadInsAreRendered()
    {
        var panel = Render(NarrativeDocument.Parse(SeedFolder.ReportText, []));

        Assert.Equal("2024 年度法治政府建设工作情况报告", panel.Find("h2").TextContent.Trim());
        Assert.Contains(panel.FindAll("h4"), h => h.TextContent.Contains("（三）强化基层治理"));
        Assert.Contains(panel.FindAll("strong"), s => s.TextContent == "一是注重源头化解矛盾纠纷。");
    }

    [Fact]
    public void ACorrectedFigureShowsBothTheReportsWordsAndTheCurrentValue()
    {
        var document = NarrativeDocument.Parse("处理信访事件73件，均得到满意答复。", [new NarrativeFigure("petitions", "处理信访事件73件", "75件")]);

        var panel = Render(document);

        Assert.Equal("处理信访事件73件", panel.Find("mark").TextContent);
        Assert.Equal("（现为 75件）", panel.Find(".figure-corrected").TextContent);
    }

    [Fact]
    public void RawHtmlInTheReportIsShownAsTextNeverExecuted()
    {
        const string markdown = """
            <script>alert('x')</script>

            段落<img src=x onerror="alert(1)">，[点我](javascript:alert(2))。
            """;

        var panel = Render(NarrativeDocument.Parse(markdown, []));

        Assert.Empty(panel.FindAll("script"));
        Assert.Empty(panel.FindAll("img"));
        Assert.Empty(panel.FindAll("a"));
        Assert.Contains("<script>alert('x')</script>", panel.Find("article").TextContent);
        Assert.Contains("<img src=x onerror=\"alert(1)\">", panel.Find("article").TextContent);
        Assert.DoesNotContain("javascript:", panel.Markup);
    }

    [Fact]
    public void ClickingAMarkedFigureRaisesItsIndicator()
    {
        string? selected = null;
        var document = NarrativeDocument.Parse("共排查调处化解民间矛盾纠纷811件，调解成功率100%。", [
            new NarrativeFigure("disputes", "共排查调处化解民间矛盾纠纷811件", null),
            new NarrativeFigure("success", "调解成功率100%", null)]);
        var panel = Context.Render<NarrativePanel>(p => p
            .Add(n => n.Document, document)
            .Add(n => n.OnFigureSelected, code => selected = code));

        // What figure-marks.js sends when the mark is clicked.
        panel.Find("article").TriggerEvent("onfigureselect", new FigureSelectEventArgs { Indicator = panel.Find("mark[data-indicator=success]").GetAttribute("data-indicator") });

        Assert.Equal("success", selected);
    }

    [Fact]
    public void TheSentenceOfTheFocusedFigureIsHighlighted()
    {
        var document = NarrativeDocument.Parse("第一句没有数字。处理信访事件73件，均得到满意答复。第三句。", [new NarrativeFigure("petitions", "处理信访事件73件", null)]);

        var panel = Context.Render<NarrativePanel>(p => p.Add(n => n.Document, document).Add(n => n.FocusedIndicator, "petitions"));

        var focused = Assert.Single(panel.FindAll(".sentence.is-focused"));
        Assert.Equal("处理信访事件73件，均得到满意答复。", focused.TextContent);
        Assert.Contains("is-focused", panel.Find("mark").ClassName);
    }

    [Fact]
    public void AFigureWhoseWordsSpanABoldBoundaryIsStillMarked()
    {
        var document = NarrativeDocument.Parse("**共受理行政复议**案件7件。", [new NarrativeFigure("cases", "行政复议案件7件", null)]);

        var panel = Render(document);

        Assert.Equal("行政复议案件7件", string.Concat(panel.FindAll("mark").Select(m => m.TextContent)));
        Assert.Equal("行政复议", panel.Find("mark strong").TextContent);
    }

    private IRenderedComponent<NarrativePanel> Render(NarrativeDocument document) =>
        Context.Render<NarrativePanel>(p => p.Add(n => n.Document, document));
}
