using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Dashboard.Web.Views;

namespace Dashboard.Web.Components.Narrative;

/// <summary>
/// A section of the report as HTML: headings, paragraphs, lists, each sentence a span, each figure's words a
/// <c>mark</c> (with the figure's corrected value after it). Built once per section and focus, and shared by every
/// open screen — the report is the largest part of the dashboard, and as component markup each screen's circuit
/// would hold its own copy of every element and a handler per figure. Clicks, hovers and keys on the marks come back
/// as one <c>figureselect</c> event (wwwroot/figure-marks.js; <see cref="FigureSelectEventArgs"/>).
/// </summary>
public static class NarrativeHtml
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private static readonly ConditionalWeakTable<NarrativeSection, ConcurrentDictionary<string, string>> Cache = [];

    /// <summary>The section's HTML with <paramref name="focused"/> (an indicator marked in it) highlighted, or none.</summary>
    public static string Of(NarrativeSection section, string? focused) =>
        Cache.GetValue(section, _ => new()).GetOrAdd(focused ?? "", f => Build(section.Block, f.Length == 0 ? null : f));

    private static string Build(NarrativeBlock block, string? focused)
    {
        var html = new StringBuilder();
        Block(html, block, focused);
        return html.ToString();
    }

    private static void Block(StringBuilder html, NarrativeBlock block, string? focused)
    {
        switch (block)
        {
            // The page has its own h1: the report's headings sit one level below it.
            case NarrativeHeading { Level: 1 } h:
                html.Append("<h2 class=\"narrative__title\">"); Sentences(html, h.Sentences, focused); html.Append("</h2>");
                break;
            case NarrativeHeading h:
                var tag = h.Level switch { 2 => "h3", 3 => "h4", _ => "h5" };
                html.Append('<').Append(tag).Append('>'); Sentences(html, h.Sentences, focused); html.Append("</").Append(tag).Append('>');
                break;
            case NarrativeParagraph p:
                html.Append("<p>"); Sentences(html, p.Sentences, focused); html.Append("</p>");
                break;
            case NarrativeList list:
                html.Append(list.Ordered ? "<ol>" : "<ul>");
                foreach (var item in list.Items)
                {
                    html.Append("<li>");
                    foreach (var b in item) Block(html, b, focused);
                    html.Append("</li>");
                }
                html.Append(list.Ordered ? "</ol>" : "</ul>");
                break;
            case NarrativeQuote quote:
                html.Append("<blockquote>");
                foreach (var b in quote.Blocks) Block(html, b, focused);
                html.Append("</blockquote>");
                break;
            case NarrativePlain plain:
                html.Append("<pre class=\"narrative__plain\">").Append(Encoder.Encode(plain.Text)).Append("</pre>");
                break;
        }
    }

    private static void Sentences(StringBuilder html, IReadOnlyList<Sentence> sentences, string? focused)
    {
        foreach (var sentence in sentences)
        {
            var isFocused = focused is not null && sentence.IndicatorCodes.Contains(focused);
            html.Append("<span id=\"sentence-").Append(sentence.Number).Append("\" class=\"").Append(isFocused ? "sentence is-focused" : "sentence").Append("\">");
            for (var i = 0; i < sentence.Runs.Count; i++)
            {
                var run = sentence.Runs[i];
                if (run.Figure is not { } figure)
                {
                    Styled(html, run);
                    continue;
                }
                var first = i == 0 || sentence.Runs[i - 1].Figure != figure;
                var last = i == sentence.Runs.Count - 1 || sentence.Runs[i + 1].Figure != figure;
                var code = Encoder.Encode(figure.IndicatorCode);
                html.Append("<mark");
                if (first) html.Append(" id=\"figure-").Append(code).Append('"');
                html.Append(" data-indicator=\"").Append(code).Append("\" class=\"")
                    .Append(figure.IndicatorCode == focused ? "figure-mark is-focused" : "figure-mark")
                    .Append("\" tabindex=\"0\" role=\"button\" title=\"查看该指标\">");
                Styled(html, run);
                html.Append("</mark>");
                if (last && figure.CorrectedText is not null)
                {
                    html.Append("<span class=\"figure-corrected\" title=\"报告发布后，该数字已更正\">（现为 ").Append(Encoder.Encode(figure.CorrectedText)).Append("）</span>");
                }
            }
            html.Append("</span>");
        }
    }

    private static void Styled(StringBuilder html, Run run)
    {
        var text = Encoder.Encode(run.Text);
        if (run.Style.HasFlag(RunStyle.Code)) html.Append("<code>").Append(text).Append("</code>");
        else if (run.Style.HasFlag(RunStyle.Bold) && run.Style.HasFlag(RunStyle.Italic)) html.Append("<strong><em>").Append(text).Append("</em></strong>");
        else if (run.Style.HasFlag(RunStyle.Bold)) html.Append("<strong>").Append(text).Append("</strong>");
        else if (run.Style.HasFlag(RunStyle.Italic)) html.Append("<em>").Append(text).Append("</em>");
        else html.Append(text);
    }
}

/// <summary>A figure in the report text was clicked, hovered or chosen with Enter or Space (see wwwroot/figure-marks.js).</summary>
public sealed class FigureSelectEventArgs : EventArgs
{
    public string? Indicator { get; set; }
}
