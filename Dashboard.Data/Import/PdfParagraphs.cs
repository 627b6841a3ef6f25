using System.Text;
using System.Text.RegularExpressions;

namespace Dashboard.Data.Import;

/// <summary>
/// A PDF's characters read back into the paragraphs a person sees, from the geometry alone. A producer (LibreOffice,
/// Word, Chromium) writes a paragraph as lines that fill the text block, the first one indented (公文: two characters)
/// and the last one ending short; headings and titles are lines of their own, often larger, bolder or centred; and every
/// page repeats its furniture — a running header, a footer, a page number (— 1 —, 1/6). So:
/// characters on one baseline are a line; a line continues the paragraph above it unless the line above ended short of
/// the block's right edge, this one is indented, centred, in another size or weight, or set apart by a gap — also across
/// a page break; lines in the page's top or bottom band that repeat on other pages (digits aside) or are page numbers
/// are furniture and dropped. Chinese joins without a space; a word of Latin letters broken at a line end gets one.
/// </summary>
public static partial class PdfParagraphs
{
    private sealed record Line(int Page, string Text, double X, double Right, double Baseline, double Size, bool Bold);

    /// <summary>The paragraphs of the pages, one per line of the result.</summary>
    public static string Read(IReadOnlyList<PdfGlyphPage> pages)
    {
        var lines = pages.Select(page => (Page: page, Lines: LinesOf(page))).ToList();
        var bodySize = BodySize(lines.SelectMany(p => p.Lines));
        var furniture = Furniture(lines, bodySize);
        var (pitch, spaced) = Spacing(lines.Select(p => p.Lines.Where(l => !furniture.Contains(l)).ToList()), bodySize);
        var paragraphs = new List<StringBuilder>();
        Line? previous = null;
        (double Left, double Right) previousBlock = default;
        foreach (var (page, pageLines) in lines)
        {
            var body = pageLines.Where(l => !furniture.Contains(l)).ToList();
            if (body.Count == 0) continue;
            var block = Block(body);
            foreach (var line in body)
            {
                if (previous is null || StartsParagraph(previous, previousBlock, line, block, pitch, spaced, bodySize))
                {
                    paragraphs.Add(new StringBuilder(line.Text));
                }
                else
                {
                    var paragraph = paragraphs[^1];
                    if (EndsLatinWord(paragraph) && IsLatinLetter(line.Text[0])) paragraph.Append(' ');
                    paragraph.Append(line.Text);
                }
                previous = line;
                previousBlock = block;
            }
        }
        return string.Join("\n", paragraphs.Select(p => p.ToString().Trim()).Where(p => p.Length > 0));
    }

    /// <summary>Whether <paramref name="line"/> begins a paragraph of its own after <paramref name="previous"/>.</summary>
    private static bool StartsParagraph(Line previous, (double Left, double Right) previousBlock, Line line, (double Left, double Right) block, double pitch, bool spaced, double bodySize)
    {
        var size = Math.Max(previous.Size, line.Size);
        var samePage = line.Page == previous.Page;
        // A title or heading in a larger size that wraps onto a second line of the same size goes on.
        if (previous.Size > 1.15 * bodySize && Math.Abs(line.Size - previous.Size) < 0.05 * size && samePage
            && previous.Baseline - line.Baseline < 2.3 * size)
        {
            return false;
        }
        // The line above ended short of the block's right edge: it was a paragraph's last line (or a heading). Where
        // paragraphs are spaced apart, the space tells that on a page; a ragged line may end short of the edge when the
        // next word may not be split or a closing mark may not begin a line.
        if ((!spaced || !samePage) && previousBlock.Right - previous.Right > 1.5 * previous.Size) return true;
        // This line is indented (the first line of a paragraph) or centred (a title).
        if (line.X - block.Left > 0.9 * line.Size) return true;
        if (Centred(previous, previousBlock)) return true;
        // Another size: a heading or a title. (Not weight: a paragraph may begin with a bold phrase, 一是…)
        if (Math.Abs(line.Size - previous.Size) > 0.15 * size) return true;
        // Set apart by more than the usual distance of two lines (space after a paragraph, before a heading), on the same page.
        return samePage && Apart(previous.Baseline - line.Baseline, pitch, size);
    }

    private static bool Centred(Line line, (double Left, double Right) block)
    {
        var left = line.X - block.Left;
        var right = block.Right - line.Right;
        return left > 2 * line.Size && right > 2 * line.Size && Math.Abs(left - right) < 2 * line.Size;
    }

    /// <summary>The characters of a page as lines, top to bottom: those on one baseline (within a third of their size) are one line.</summary>
    private static List<Line> LinesOf(PdfGlyphPage page)
    {
        var lines = new List<Line>();
        var glyphs = page.Glyphs.Where(g => g.Size > 0).OrderByDescending(g => g.Baseline).ThenBy(g => g.X).ToList();
        var current = new List<PdfGlyph>();
        foreach (var glyph in glyphs)
        {
            if (current.Count > 0 && Math.Abs(current[0].Baseline - glyph.Baseline) > 0.35 * Math.Max(current[0].Size, glyph.Size))
            {
                Add(current);
                current = [];
            }
            current.Add(glyph);
        }
        Add(current);
        return lines;

        void Add(List<PdfGlyph> onBaseline)
        {
            var ordered = onBaseline.OrderBy(g => g.X).ToList();
            var text = new StringBuilder();
            PdfGlyph? last = null;
            foreach (var glyph in ordered)
            {
                // A space the producer left out between two Latin words (it positions them instead).
                if (last is not null && IsLatinLetter(last.Text[^1]) && IsLatinLetter(glyph.Text[0]) && glyph.X - last.Right > 0.25 * glyph.Size)
                {
                    text.Append(' ');
                }
                text.Append(glyph.Text);
                last = glyph;
            }
            var words = Spaces().Replace(text.ToString(), " ").Trim();
            var visible = ordered.Where(g => !string.IsNullOrWhiteSpace(g.Text)).ToList();
            if (words.Length == 0 || visible.Count == 0) return;
            lines.Add(new Line(page.Number, words, visible.Min(g => g.X), visible.Max(g => g.Right), visible.Average(g => g.Baseline),
                Median(visible.Select(g => g.Size)), visible.Count(g => g.Bold) * 2 > visible.Count));
        }
    }

    /// <summary>The size most characters of the document have.</summary>
    private static double BodySize(IEnumerable<Line> lines)
    {
        var bySize = lines.GroupBy(l => Math.Round(l.Size)).Select(g => (Size: g.Key, Characters: g.Sum(l => l.Text.Length))).ToList();
        return bySize.Count == 0 ? 12 : bySize.MaxBy(s => s.Characters).Size;
    }

    /// <summary>
    /// Running headers, footers and page numbers: lines in a page's top or bottom eighth that are page numbers, that
    /// repeat (digits aside) on another page's band, or — a document of one page — are printed smaller than the body.
    /// </summary>
    private static HashSet<Line> Furniture(List<(PdfGlyphPage Page, List<Line> Lines)> pages, double bodySize)
    {
        var band = pages.SelectMany(p => p.Lines.Where(l => l.Baseline > p.Page.Height * 0.875 || l.Baseline < p.Page.Height * 0.125)).ToList();
        // (Text and size: a running header may repeat the title, which is larger.)
        var repeated = band.GroupBy(l => (Digits().Replace(Spaces().Replace(l.Text, ""), "#"), Math.Round(l.Size)))
            .Where(g => g.Select(l => l.Page).Distinct().Count() > 1)
            .SelectMany(g => g);
        return [.. band.Where(l => PageNumber().IsMatch(l.Text) || l.Size < 0.8 * bodySize && l.Size > 0).Concat(repeated)];
    }

    /// <summary>
    /// The text block of a page: where most lines start, and where the full lines end — the end most lines share
    /// (justified text), else the furthest (ragged text, or a page of a few lines).
    /// </summary>
    private static (double Left, double Right) Block(List<Line> lines)
    {
        var left = lines.GroupBy(l => Math.Round(l.X)).MaxBy(g => g.Count())!.Key;
        var shared = lines.GroupBy(l => Math.Round(l.Right)).MaxBy(g => g.Count())!;
        var right = shared.Count() >= 3 ? shared.Max(l => l.Right) : lines.Max(l => l.Right);
        return (Math.Min(left, lines.Min(l => l.X) + 0.5), right);
    }

    /// <summary>
    /// The distance between two lines of one paragraph — the shorter end of the distances between consecutive lines of
    /// the body's size (a document whose paragraphs are spaced apart has most of its distances inside paragraphs) —
    /// and whether the paragraphs are spaced apart: one distance in ten or more is longer.
    /// </summary>
    private static (double Pitch, bool Spaced) Spacing(IEnumerable<List<Line>> pages, double bodySize)
    {
        var gaps = pages.SelectMany(lines => lines.Zip(lines.Skip(1), (a, b) => (a, b)))
            .Where(p => Math.Abs(p.a.Size - bodySize) < 0.1 * bodySize && Math.Abs(p.b.Size - bodySize) < 0.1 * bodySize)
            .Select(p => p.a.Baseline - p.b.Baseline).Where(g => g > 0).Order().ToList();
        if (gaps.Count == 0) return (bodySize * 1.5, false);
        var pitch = gaps[gaps.Count / 4];
        var apart = gaps.Count(g => Apart(g, pitch, bodySize));
        return (pitch, apart >= 3 && apart * 10 >= gaps.Count);
    }

    /// <summary>Two lines further apart than lines of one paragraph: space after a paragraph, before a heading.</summary>
    private static bool Apart(double distance, double pitch, double size) => distance - pitch > 0.25 * size;

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }

    private static bool EndsLatinWord(StringBuilder text) => text.Length > 0 && IsLatinLetter(text[^1]);

    private static bool IsLatinLetter(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z';

    /// <summary>A page number as producers print it: 1, — 1 —, - 1 -, 1/6, 第 1 页, 第1页 共6页.</summary>
    [GeneratedRegex(@"^(?:[—–\-\s]*\d{1,4}[—–\-\s]*|\d{1,4}\s*/\s*\d{1,4}|第\s*\d{1,4}\s*页(?:\s*[,，]?\s*共\s*\d{1,4}\s*页)?|Page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$")]
    private static partial Regex PageNumber();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
