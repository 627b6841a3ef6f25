using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Views;

/// <summary>
/// Parsed reports, shared: the same text with the same marked figures gives the same instance, so every open page
/// after a save neither parses the report again nor re-renders all of it. The text of a report rarely changes while
/// its figures are edited. Bounded (<see cref="ViewCacheOptions.MaxParsedReports"/>): a parsed report weighs ~150 KB,
/// and every save makes a new key — the deck soak once showed 64 of them filling the heap in half an hour.
/// </summary>
public sealed class ReportDocuments(IOptions<ViewCacheOptions> options) : IDisposable
{
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = options.Value.MaxParsedReports, CompactionPercentage = 0.5 });

    public NarrativeDocument Parse(string markdown, IReadOnlyList<NarrativeFigure> figures)
    {
        var key = markdown + "\u0000" + string.Join("\u0000", figures.Select(f => $"{f.IndicatorCode}\u0001{f.SourceText}\u0001{f.CorrectedText}"));
        return cache.GetOrCreate(key, entry =>
        {
            entry.Size = 1;
            entry.SlidingExpiration = TimeSpan.FromMinutes(30);
            return NarrativeDocument.Parse(markdown, figures);
        })!;
    }

    public void Dispose() => cache.Dispose();
}
