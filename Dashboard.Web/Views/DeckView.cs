using Dashboard.Data.Figures;
using Dashboard.Data.Reports;
using Dashboard.Data.Targets;

namespace Dashboard.Web.Views;

public enum SlideKind
{
    Title,
    Category,
    Report,
    /// <summary>A district's deck: one indicator across its organizations, ranked.</summary>
    Comparison,
    /// <summary>A district's deck: which organizations have reported the year.</summary>
    Completeness,
}

/// <summary>One organization's bar on a comparison slide.</summary>
public sealed record ComparisonBar(string Organization, FigureValue? Value, string Written, Dashboard.Data.Districts.Standing Standing);

/// <summary>An indicator across a district's organizations: what the district adds up to, and each one's figure, highest first.</summary>
public sealed record Comparison(Dashboard.Data.Catalog.Indicator Indicator, string RollUp, string Reported, IReadOnlyList<ComparisonBar> Bars);

/// <summary>What the deck's title slide and footer say: whose figures, which year, as of when.</summary>
public sealed record DeckHeader(Dashboard.Data.Catalog.Organization Organization, int Year, DateTimeOffset? DataAsOf, bool HasSample, bool HasPreviousYear);

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
    IReadOnlyList<IReadOnlyList<SentenceRun>> Sentences,
    Comparison? Comparison = null);

/// <summary>
/// The deck for the meeting-room screen, composed from the dashboard's view of the same organization and year:
/// a title slide, a slide per category with figures (two to four of its figures, the category's chart), and a slide
/// of key sentences of the report with their figures marked and personal names masked.
/// </summary>
/// <param name="Source">An organization's dashboard the deck is made of; null for a district's deck.</param>
/// <param name="District">A district's page the deck is made of; null for an organization's deck.</param>
public sealed record DeckView(DeckHeader Header, DashboardView? Source, DistrictView? District, IReadOnlyList<Slide> Slides)
{
    public const int MaxFiguresPerSlide = 4;
    public const int MaxSentences = 4;

    /// <summary>Whether any figure of the year has one of the year before: without, every card would say 上年无数据.</summary>
    public bool HasPreviousYear => Header.HasPreviousYear;

    /// <summary>
    /// A district's deck: a title slide, a slide per headline indicator comparing its organizations
    /// (ranked, with what the district adds up to), and the completeness slide.
    /// </summary>
    public static DeckView From(DistrictView view)
    {
        var slides = new List<Slide>
        {
            new("title", SlideKind.Title, $"{view.Year} 年度各街镇法治政府建设情况对比", [], null, []),
        };
        foreach (var indicator in view.Indicators.Where(i => i.Kind != Dashboard.Data.IndicatorKind.Flag))
        {
            var rollUp = view.RollUps[indicator.Code];
            if (rollUp.Reported == 0) continue;
            var bars = view.Ranked(indicator)
                .Select(x => new ComparisonBar(x.Member.Organization.Name, x.Value,
                    x.Value is { } v ? FigureText.Format(v.Value, v.Qualifier, indicator) : view.MissingText,
                    x.Value is { } value ? rollUp.StandingOf(value.Value) : Dashboard.Data.Districts.Standing.None))
                .ToList();
            var title = view.CategoryNames.TryGetValue(indicator.CategoryCode, out var category) ? $"{category} · {indicator.Name}" : indicator.Name;
            slides.Add(new Slide(indicator.Code, SlideKind.Comparison, title, [], null, [],
                new Comparison(indicator, DistrictView.RollUpText(rollUp), view.Counted(rollUp.Reported, rollUp.Expected), bars)));
        }
        slides.Add(new Slide("progress", SlideKind.Completeness, $"填报进度 · {view.MembersCounted}", [], null, []));
        var header = new DeckHeader(view.District, view.Year, view.DataAsOf, false,
            view.Members.Any(m => m.Rows.Values.Any(r => r.Current is not null && r.Previous is not null)));
        return new DeckView(header, null, view, slides);
    }

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
        return new DeckView(new DeckHeader(view.Organization, view.Year, view.DataAsOf, view.HasSample, view.HasPreviousYear), view, null, slides);
    }

    /// <summary>
    /// The sentences of the report that state the headline figures (then the others), each once, with its figures
    /// marked and the personal names the report lists masked.
    /// </summary>
    private static List<IReadOnlyList<SentenceRun>> KeySentences(DashboardView view, Report report)
    {
        var headline = view.Tiles.Select((t, i) => (t.Row.Indicator.Code, i)).ToDictionary(x => x.Code, x => x.i);
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
