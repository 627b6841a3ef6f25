using Markdig;
using Markdig.Syntax;

namespace Dashboard.Data.Reports;

/// <summary>
/// The report's Markdown as the dashboard reads it, and what makes a text unfit to store: nesting the parser refuses
/// (200 "&gt;" in a row), and checksums that prove a long text arrived whole.
/// </summary>
public static class ReportText
{
    /// <summary>Deeper than this is no report's structure (they use two or three levels); the parser itself gives up at 128.</summary>
    public const int MaxDepth = 32;

    /// <summary>The pipeline the dashboard renders with: raw HTML is never interpreted; emphasis works beside Chinese punctuation.</summary>
    public static MarkdownPipeline Pipeline { get; } = new MarkdownPipelineBuilder().DisableHtml().UseCjkFriendlyEmphasis().Build();

    /// <summary>The parsed document, or null when the parser refuses the text (nesting beyond its limit).</summary>
    public static MarkdownDocument? TryParse(string markdown)
    {
        try
        {
            return Markdown.Parse(markdown, Pipeline);
        }
        catch (ArgumentException)
        {
            // Markdig: "Markdown elements in the input are too deeply nested - depth limit exceeded."
            return null;
        }
    }

    /// <summary>What is wrong with the structure of a report text, in words for the editor; null when nothing is.</summary>
    public static string? StructureProblem(string markdown) =>
        TryParse(markdown) is { } document && Depth(document) <= MaxDepth
            ? null
            : $"正文的层级嵌套过深（例如连续很多个“>”或多层缩进的列表），无法显示；报告正文最多 {MaxDepth} 层，请删除多余的“>”“-”等符号后再保存。";

    /// <summary>
    /// A checksum of the text as stored (line endings as \n): FNV-1a over its UTF-16 code units, as 8 hex digits.
    /// The browser computes the same (EditReportPage.razor.js), so a save can prove that what was stored is what was typed.
    /// </summary>
    public static string Checksum(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return hash.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Line endings as the database keeps them.</summary>
    public static string Normalize(string text) => text.ReplaceLineEndings("\n");

    private static int Depth(Block block) => block is ContainerBlock container && container.Count > 0
        ? 1 + container.Max(Depth)
        : 1;
}
