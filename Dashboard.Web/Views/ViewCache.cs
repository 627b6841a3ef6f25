using System.Collections.Concurrent;
using Dashboard.Data.Changes;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Views;

public sealed class ViewCacheOptions
{
    public const string Section = "Views";

    /// <summary>At most this many views of one kind are kept for the current data version; more are computed, not kept.</summary>
    public int MaxEntriesPerKind { get; set; } = 2_000;

    /// <summary>At most this many parsed reports are kept (<see cref="ReportDocuments"/>): the ones being shown and edited.</summary>
    public int MaxParsedReports { get; set; } = 16;
}

/// <summary>
/// Views of one kind (<typeparamref name="TView"/>) computed from the data, shared by every open screen that asks for
/// the same <typeparamref name="TKey"/>, until the data changes. When a figure is saved, hundreds of open dashboards
/// reload at once: the first computes each view, the others wait for that same computation. Bounded: a view of an
/// earlier data version is dropped, and past <see cref="ViewCacheOptions.MaxEntriesPerKind"/> nothing more is kept.
/// </summary>
public sealed class ViewCache<TKey, TView>(DataChanges changes, IOptions<ViewCacheOptions> options)
    where TKey : notnull
    where TView : class
{
    private readonly ConcurrentDictionary<(long Version, TKey Key), Lazy<Task<TView?>>> views = new();

    public int Count => views.Count;

    public async Task<TView?> GetAsync(TKey key, Func<Task<TView?>> compute)
    {
        var version = changes.Version;
        foreach (var stale in views.Keys.Where(k => k.Version < version))
        {
            views.TryRemove(stale, out _);
        }
        if (!views.TryGetValue((version, key), out var lazy))
        {
            if (views.Count >= options.Value.MaxEntriesPerKind)
            {
                return await compute();
            }
            lazy = views.GetOrAdd((version, key), _ => new Lazy<Task<TView?>>(compute));
        }
        try
        {
            return await lazy.Value;
        }
        catch
        {
            // A failed computation is not shared: the next screen to ask tries again.
            views.TryRemove(new KeyValuePair<(long, TKey), Lazy<Task<TView?>>>((version, key), lazy));
            throw;
        }
    }
}
