using System.Collections.Concurrent;

namespace Dashboard.Web.Hosting;

/// <summary>
/// Views computed from the data, shared by every open page that shows the same thing, until the data changes.
/// When a figure is saved, hundreds of open dashboards reload at once: the first computes each view, the others
/// wait for that same computation instead of querying the database again.
/// </summary>
public sealed class SharedViews(DataChanges changes)
{
    private readonly ConcurrentDictionary<(long Version, object Key), Lazy<Task<object?>>> views = new();

    public async Task<T?> GetAsync<T>(object key, Func<Task<T?>> compute) where T : class
    {
        var version = changes.Version;
        var lazy = views.GetOrAdd((version, key), _ => new Lazy<Task<object?>>(async () => await compute()));
        // Views of earlier versions can never be asked for again.
        foreach (var stale in views.Keys.Where(k => k.Version < version))
        {
            views.TryRemove(stale, out _);
        }
        try
        {
            return (T?)await lazy.Value;
        }
        catch
        {
            // A failed computation is not shared: the next page to ask tries again.
            views.TryRemove(new KeyValuePair<(long, object), Lazy<Task<object?>>>((version, key), lazy));
            throw;
        }
    }
}
