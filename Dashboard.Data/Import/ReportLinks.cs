using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;

namespace Dashboard.Data.Import;

/// <summary>
/// A stored figure and the words of a typed report that state its indicator: the same value (the editor confirms
/// the link), or another one (flagged: the text and the data disagree).
/// </summary>
public sealed record ReportLink(Figure Figure, string SourceText, decimal StatedValue, Qualifier StatedQualifier, string Raw, string Sentence)
{
    public bool Agrees => StatedValue == Figure.Value && StatedQualifier == Figure.Qualifier;
}

/// <summary>
/// Links figures entered in the grid to a report written or pasted for their year: the extractor reads the
/// text, and each stored figure that has no words in it yet is offered the clause that states its indicator.
/// </summary>
public static class ReportLinks
{
    public static IReadOnlyList<ReportLink> Find(string body, IReadOnlyList<Figure> stored, IReadOnlyList<Indicator> catalog, IEnumerable<string>? personalNames = null)
    {
        var unlinked = stored.Where(f => f.SourceText.Length == 0 || !body.Contains(f.SourceText, StringComparison.Ordinal)).ToList();
        if (unlinked.Count == 0 || body.Length == 0) return [];
        var proposals = ReportImport.Propose(body, catalog, [], personalNames, limit: int.MaxValue).Figures;
        var links = new List<ReportLink>();
        foreach (var figure in unlinked)
        {
            var stating = proposals.Where(p => p.Figure.Indicator == figure.IndicatorCode).ToList();
            // The words that say the stored value win; otherwise a confident statement of something else is flagged.
            var chosen = stating.FirstOrDefault(p => p.Figure.Value == figure.Value && p.Figure.Qualifier == figure.Qualifier)
                ?? stating.FirstOrDefault(p => p.Figure.Value == figure.Value)
                ?? stating.Where(p => p.Figure.Confidence >= ReportImport.SureConfidence).OrderByDescending(p => p.Figure.Confidence).FirstOrDefault();
            if (chosen is null) continue;
            links.Add(new ReportLink(figure, chosen.SourceText, chosen.Figure.Value, chosen.Figure.Qualifier, chosen.Figure.Raw, chosen.Figure.Sentence));
        }
        return links;
    }
}
