using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Reports;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Dashboard.Web.Views;

/// <summary>A figure to mark in the report text: where its words are, and what it is now if it was corrected since.</summary>
public sealed record NarrativeFigure(string IndicatorCode, string SourceText, string? CorrectedText)
{
    /// <summary>Marks a stored figure; when its value no longer says what its words say, the text will show both.</summary>
    public static NarrativeFigure From(Figure figure, Indicator indicator)
    {
        var stated = FigureText.ParseStated(figure.SourceText);
        var corrected = stated is { } words && (words.Value != figure.Value || words.Qualifier != figure.Qualifier)
            ? FigureText.Format(figure.Value, figure.Qualifier, indicator)
            : null;
        return new NarrativeFigure(indicator.Code, figure.SourceText, corrected);
    }
}

[Flags]
public enum RunStyle { None = 0, Bold = 1, Italic = 2, Code = 4 }

/// <summary>A stretch of text in one style; part of a figure's words when <see cref="Figure"/> is set.</summary>
public sealed record Run(string Text, RunStyle Style, NarrativeFigure? Figure);

/// <summary>A sentence: what a click on a tile scrolls to and highlights.</summary>
public sealed record Sentence(int Number, IReadOnlyList<Run> Runs)
{
    public IEnumerable<string> IndicatorCodes => Runs.Where(r => r.Figure is not null).Select(r => r.Figure!.IndicatorCode).Distinct();
}

public abstract record NarrativeBlock;
public sealed record NarrativeHeading(int Level, IReadOnlyList<Sentence> Sentences) : NarrativeBlock;
public sealed record NarrativeParagraph(IReadOnlyList<Sentence> Sentences) : NarrativeBlock;
public sealed record NarrativeList(bool Ordered, IReadOnlyList<IReadOnlyList<NarrativeBlock>> Items) : NarrativeBlock;
public sealed record NarrativeQuote(IReadOnlyList<NarrativeBlock> Blocks) : NarrativeBlock;
/// <summary>Anything else (code, raw HTML, tables): shown as its plain text, never interpreted.</summary>
public sealed record NarrativePlain(string Text) : NarrativeBlock;

/// <summary>A top-level block, what identifies its content, and the figures marked in it.</summary>
public sealed record NarrativeSection(NarrativeBlock Block, string Signature, IReadOnlySet<string> IndicatorCodes);

/// <summary>
/// The report's Markdown as a tree of blocks, sentences and styled runs, with each figure's words marked.
/// It is rendered by Blazor element by element, never as raw HTML: whatever the text holds (&lt;script&gt;,
/// javascript: links) is shown as text.
/// </summary>
public sealed class NarrativeDocument
{
    private readonly List<NarrativeFigure> unplaced;
    private int sentenceCount;

    private NarrativeDocument(IReadOnlyList<NarrativeFigure> figures)
    {
        unplaced = figures.Where(f => f.SourceText.Length > 0).ToList();
    }

    public IReadOnlyList<NarrativeBlock> Blocks { get; private set; } = [];

    /// <summary>
    /// The top-level blocks with what identifies their content (text, marks, corrections) and the figures they
    /// hold: an open page re-renders only the blocks whose signature changed or whose figures gained or lost focus.
    /// </summary>
    public IReadOnlyList<NarrativeSection> Sections { get; private set; } = [];

    /// <summary>The figures whose words were found in the text.</summary>
    public IReadOnlyList<NarrativeFigure> Marked { get; private set; } = [];

    /// <summary>
    /// The document of a report and its marked figures. Parsing is not free (a report is ~150 KB parsed): screens get
    /// it through <see cref="Views.ReportDocuments"/>, which shares one instance per text and marks.
    /// </summary>
    public static NarrativeDocument Parse(string markdown, IReadOnlyList<NarrativeFigure> figures) => ParseNew(markdown, figures);

    private static NarrativeDocument ParseNew(string markdown, IReadOnlyList<NarrativeFigure> figures)
    {
        var document = new NarrativeDocument(figures);
        var all = document.unplaced.ToList();
        // Text the parser refuses (stored before the rule, or by another writer) is still shown: as plain paragraphs.
        document.Blocks = ReportText.TryParse(markdown) is { } parsed ? document.Convert(parsed) : document.PlainParagraphs(markdown);
        document.Marked = all.Except(document.unplaced).ToList();
        document.Sections = document.Blocks.Select(block => new NarrativeSection(block, Signature(block), Codes(block).ToHashSet())).ToList();
        return document;
    }

    private static string Signature(NarrativeBlock block) => string.Concat(Runs(block).Select(r =>
        $"{r.Text}\u0001{(int)r.Style}\u0001{r.Figure?.IndicatorCode}\u0001{r.Figure?.CorrectedText}\u0002")) + block.GetType().Name;

    private static IEnumerable<string> Codes(NarrativeBlock block) => Runs(block).Where(r => r.Figure is not null).Select(r => r.Figure!.IndicatorCode);

    private static IEnumerable<Run> Runs(NarrativeBlock block) => block switch
    {
        NarrativeHeading h => h.Sentences.SelectMany(s => s.Runs),
        NarrativeParagraph p => p.Sentences.SelectMany(s => s.Runs),
        NarrativeList l => l.Items.SelectMany(item => item.SelectMany(Runs)),
        NarrativeQuote q => q.Blocks.SelectMany(Runs),
        NarrativePlain plain => [new Run(plain.Text, RunStyle.Code, null)],
        _ => [],
    };

    private List<NarrativeBlock> Convert(ContainerBlock container) => container.Select(Convert).ToList();

    private NarrativeBlock Convert(Block block) => block switch
    {
        HeadingBlock heading => new NarrativeHeading(heading.Level, Sentences(heading.Inline)),
        ParagraphBlock paragraph => new NarrativeParagraph(Sentences(paragraph.Inline)),
        ListBlock list => new NarrativeList(list.IsOrdered, list.OfType<ListItemBlock>().Select(item => (IReadOnlyList<NarrativeBlock>)Convert(item)).ToList()),
        QuoteBlock quote => new NarrativeQuote(Convert(quote)),
        LeafBlock leaf => new NarrativePlain(leaf.Lines.ToString()),
        ContainerBlock other => new NarrativeQuote(Convert(other)),
        _ => new NarrativePlain(""),
    };

    private List<NarrativeBlock> PlainParagraphs(string text) =>
        [.. text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(paragraph => new NarrativeParagraph(Sentences([new Run(paragraph, RunStyle.None, null)])))];

    private List<Sentence> Sentences(ContainerInline? inline)
    {
        var runs = new List<Run>();
        Flatten(inline, RunStyle.None, runs);
        return Sentences(runs);
    }

    private List<Sentence> Sentences(List<Run> runs)
    {
        var text = string.Concat(runs.Select(r => r.Text));

        // Where each figure's words are in this block (first occurrence, not overlapping another figure).
        var marks = new List<(int Start, int End, NarrativeFigure Figure)>();
        foreach (var figure in unplaced.ToList())
        {
            var start = text.IndexOf(figure.SourceText, StringComparison.Ordinal);
            var end = start + figure.SourceText.Length;
            if (start >= 0 && !marks.Any(m => start < m.End && m.Start < end))
            {
                marks.Add((start, end, figure));
                unplaced.Remove(figure);
            }
        }

        var sentenceEnds = SentenceEnds(text);
        var cuts = marks.SelectMany(m => new[] { m.Start, m.End }).Concat(sentenceEnds).Append(text.Length).Where(c => c > 0).Distinct().Order().ToList();

        var sentences = new List<Sentence>();
        var current = new List<Run>();
        var position = 0;
        foreach (var run in runs)
        {
            var runStart = position;
            var runEnd = position + run.Text.Length;
            position = runEnd;
            var pieceStart = runStart;
            foreach (var cut in cuts.Where(c => c > runStart && c <= runEnd).Append(runEnd).Distinct())
            {
                if (cut > pieceStart)
                {
                    var figure = marks.FirstOrDefault(m => m.Start <= pieceStart && cut <= m.End).Figure;
                    current.Add(run with { Text = text[pieceStart..cut], Figure = figure });
                }
                pieceStart = cut;
                if (sentenceEnds.Contains(cut) && current.Count > 0)
                {
                    sentences.Add(new Sentence(++sentenceCount, current));
                    current = [];
                }
            }
        }
        if (current.Count > 0)
        {
            sentences.Add(new Sentence(++sentenceCount, current));
        }
        return sentences;
    }

    /// <summary>Positions just after 。！？ (and any closing quote or bracket that follows).</summary>
    private static HashSet<int> SentenceEnds(string text)
    {
        var ends = new HashSet<int>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is not ('。' or '！' or '？' or '\n')) continue;
            var end = i + 1;
            while (end < text.Length && text[end] is '”' or '’' or '）' or '」' or '』' or '*') end++;
            ends.Add(end);
        }
        return ends;
    }

    private static void Flatten(ContainerInline? container, RunStyle style, List<Run> runs)
    {
        if (container is null) return;
        foreach (var inline in container)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    runs.Add(new Run(literal.Content.ToString(), style, null));
                    break;
                case EmphasisInline emphasis:
                    Flatten(emphasis, style | (emphasis.DelimiterCount >= 2 ? RunStyle.Bold : RunStyle.Italic), runs);
                    break;
                case CodeInline code:
                    runs.Add(new Run(code.Content, style | RunStyle.Code, null));
                    break;
                case LineBreakInline lineBreak:
                    // A soft break inside Chinese text joins the lines without a space.
                    if (lineBreak.IsHard) runs.Add(new Run("\n", style, null));
                    break;
                case HtmlEntityInline entity:
                    runs.Add(new Run(entity.Transcoded.ToString(), style, null));
                    break;
                case AutolinkInline autolink:
                    runs.Add(new Run(autolink.Url, style, null));
                    break;
                case ContainerInline nested:
                    // Links and images: their text only; the report links nowhere.
                    Flatten(nested, style, runs);
                    break;
                default:
                    runs.Add(new Run(inline.ToString() ?? "", style, null));
                    break;
            }
        }
    }
}
