using Dashboard.Data.Changes;
using Microsoft.JSInterop;

namespace Dashboard.Web.Views;

/// <summary>
/// The rows of an editing page (the data-entry grid, the targets) following saves made elsewhere. The page reloads what
/// it shows on each change and merges it: a row nobody is editing takes the stored value (and lights up once), a row
/// being edited keeps what is typed. This holds what both pages need for that: the subscription, a count of fresh loads
/// (a merge read before the page loaded its rows afresh is dropped, never applied over them), and the lit-up rows.
/// A merge that fails is logged and the page stays as it is: its saves still check what is stored.
/// </summary>
public sealed class LiveRows : IDisposable
{
    private readonly HashSet<long> updated = [];
    private int updateCount;
    private DataChanges? changes;
    private Action<DataChange>? onChanged;

    /// <summary>
    /// Starts following changes (a live page only: prerendered HTML never changes). <paramref name="merge"/> reads what
    /// is stored and merges it into the page's rows; it runs on the page's renderer (<paramref name="onRenderer"/>).
    /// </summary>
    public void Follow(DataChanges dataChanges, Func<Func<Task>, Task> onRenderer, Func<Task> merge, ILogger logger)
    {
        changes = dataChanges;
        onChanged = change => _ = onRenderer(async () =>
        {
            try
            {
                await merge();
            }
            catch (Exception e) when (e is JSDisconnectedException or OperationCanceledException)
            {
                // The browser has gone (a tab closed): its page is on its way out, nothing to follow or to say.
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "An editing page could not follow a change; it keeps what it shows");
            }
        });
        changes.Changed += onChanged;
    }

    /// <summary>How many times the page has loaded its rows afresh.</summary>
    public long Loads { get; private set; }

    /// <summary>The page has loaded its rows afresh (an address, a save): nothing is lit up any more.</summary>
    public void Loaded()
    {
        Loads++;
        updated.Clear();
    }

    /// <summary>These rows (by indicator) were just changed by someone else: lit up once.</summary>
    public void Updated(IReadOnlyCollection<long> indicators)
    {
        updated.Clear();
        updated.UnionWith(indicators);
        if (indicators.Count > 0) updateCount++;
    }

    /// <summary>A row's class: edited here, and/or just updated (alternating names restart the animation).</summary>
    public string? ClassOf(long indicatorId, bool dirty) =>
        (dirty, updated.Contains(indicatorId)) switch
        {
            (true, true) => $"is-dirty is-updated-{updateCount % 2}",
            (true, false) => "is-dirty",
            (false, true) => $"is-updated-{updateCount % 2}",
            _ => null,
        };

    public void Dispose()
    {
        if (changes is not null) changes.Changed -= onChanged;
    }
}
