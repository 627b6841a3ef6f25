namespace Dashboard.Web.Views;

public static class ReportSentences
{
    /// <summary>The whole sentence of the report around <paramref name="words"/>, without Markdown marks; null if absent.</summary>
    public static string? Around(string report, string words)
    {
        var start = words.Length == 0 ? -1 : report.IndexOf(words, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }
        var from = report.LastIndexOfAny(['。', '！', '？', '\n'], start) + 1;
        var to = report.IndexOfAny(['。', '！', '？', '\n'], start + words.Length);
        to = to < 0 ? report.Length : to + (report[to] == '\n' ? 0 : 1);
        return report[from..to].Replace("**", "", StringComparison.Ordinal).Trim();
    }
}
