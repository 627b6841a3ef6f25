using Dashboard.Data;
using Dashboard.Data.Figures;
using Dashboard.Data.Reports;
using Dashboard.Data.Targets;
using Dashboard.Web.Components.Charts;
using Dashboard.Web.Components.Narrative;
using Dashboard.Web.Components.Pages.Home;

namespace Dashboard.Web.Views;

public enum SlideKind
{
    Title,
    Category,
    Report,
}

/// <summary>A big figure of a slide: the row of the year's summary and the target set for it, if any.</summary>
public sealed record SlideFigure(YearSummaryRow Row, Target? Target);

/// <summary>A piece of a report sentence on a slide; figure pieces are marked.</summary>
public sealed record SentenceRun(string Text, string? IndicatorCode);

/// <summary>
/// One slide of the deck. <see cref="Id"/> is what the URL names it by: <c>title</c>, a category code, <c>report</c>.
/// </summary>
public sealed record Slide(
    string Id,
    SlideKind Kind,
    string Title,
    IReadOnlyList<SlideFigure> Figures,
    ChartModel? Chart,
    IReadOnlyList<IReadOnlyList<SentenceRun>> Sentences);

/// <summary>
/// The deck for the meeting-room screen, composed from the dashboard's view of the same organization and year:
/// a title slide, a slide per category with figures (two to four of its figures, the category's chart), and a slide
/// of key sentences of the report with their figures marked and personal names masked.
/// </summary>
public sealed record DeckView(DashboardView Source, IReadOnlyList<Slide> Slides)
{
    public const int MaxFiguresPerSlide = 4;
    public const int MaxSentences = 4;

    /// <summary>Whether any figure of the year has one of the year before: without, every card would say 上年无数据.</summary>
    public bool HasPreviousYear => Source.HasPreviousYear;

    public static DeckView From(DashboardView view)
    {
        var slides = new List<Slide>
        {
            // The audience reads the title too: the report's names are masked in it as in the sentences.
            new("title", SlideKind.Title, view.Report is { } written ? PersonalNames.Mask(written.Title, written.PersonalNames) : $"{view.Year} 年度法治政府建设工作情况", [], null, []),
        };

        foreach (var category in view.Categories)
        {
            var rows = view.Summary
                .Where(r => r.Indicator.CategoryCode == category.Code && r.Current is not null)
                .ToList();
            if (rows.Count == 0)
            {
                continue;
            }
            // Headline figures first, then totals before their parts, in catalog order.
            var figures = rows
                .OrderBy(r => r.Indicator.HeadlineOrder ?? int.MaxValue)
                .ThenBy(r => r.Indicator.ParentId is null ? 0 : 1)
                .ThenBy(r => r.Indicator.DisplayOrder)
                .Take(MaxFiguresPerSlide)
                .Select(r => new SlideFigure(r, view.Targets.GetValueOrDefault(r.Indicator.Code)))
                .ToList();
            var shown = figures.Select(f => f.Row.Indicator.Code).ToHashSet();
            // The category's chart that draws most of the figures shown (with one year: its gauge, donut or bars).
            var chart = view.Charts
                .Where(c => c.CategoryCode == category.Code)
                .OrderByDescending(c => c.IndicatorCodes.Count(shown.Contains))
                // With one year, a chart of several figures (a donut of 524余场's parts) says more than one lonely bar.
                .ThenByDescending(c => c.Years.Count < 2 ? c.Series.Count : 0)
                .FirstOrDefault();
            slides.Add(new Slide(category.Code, SlideKind.Category, category.Name, figures, chart, []));
        }

        if (view.Report is { } report && KeySentences(view, report) is { Count: > 0 } sentences)
        {
            slides.Add(new Slide("report", SlideKind.Report, "报告摘要", [], null, sentences));
        }
        return new DeckView(view, slides);
    }

    /// <summary>
    /// The sentences of the report that state the headline figures (then the others), each once, with its figures
    /// marked and the personal names the report lists masked.
    /// </summary>
    private static List<IReadOnlyList<SentenceRun>> KeySentences(DashboardView view, Report report)
    {
        var headline = view.Tiles.Select((t, i) => (t.Indicator.Code, i)).ToDictionary(x => x.Code, x => x.i);
        var sentences = view.Marked
            .OrderBy(f => headline.GetValueOrDefault(f.IndicatorCode, int.MaxValue))
            .Select(f => ReportSentences.Around(report.Body, f.SourceText))
            .OfType<string>()
            .Distinct()
            .Take(MaxSentences)
            .ToList();
        return sentences.Select(s => (IReadOnlyList<SentenceRun>)Runs(PersonalNames.Mask(s, report.PersonalNames), view.Marked)).ToList();
    }

    /// <summary>Splits a sentence into plain text and the figures' words, leftmost first.</summary>
    private static List<SentenceRun> Runs(string sentence, IReadOnlyList<NarrativeFigure> marked)
    {
        var runs = new List<SentenceRun>();
        var at = 0;
        while (at < sentence.Length)
        {
            var next = marked
                .Select(f => (Figure: f, Index: sentence.IndexOf(f.SourceText, at, StringComparison.Ordinal)))
                .Where(x => x.Index >= 0)
                .OrderBy(x => x.Index).ThenByDescending(x => x.Figure.SourceText.Length)
                .FirstOrDefault();
            if (next.Figure is null)
            {
                runs.Add(new SentenceRun(sentence[at..], null));
                break;
            }
            if (next.Index > at)
            {
                runs.Add(new SentenceRun(sentence[at..next.Index], null));
            }
            // As the report wrote it; a figure corrected since says what it is now, as the dashboard's text does.
            var text = next.Figure.CorrectedText is { } now ? $"{next.Figure.SourceText}（现为 {now}）" : next.Figure.SourceText;
            runs.Add(new SentenceRun(text, next.Figure.IndicatorCode));
            at = next.Index + next.Figure.SourceText.Length;
        }
        return runs;
    }
}
