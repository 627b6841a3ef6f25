using Dashboard.Data.Changes;
using Dashboard.Data.Users;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Dashboard.Web.Views;

/// <summary>
/// A page that shows a view of the data and follows it live: it loads the view when its address changes, reloads it
/// when anyone commits a change (<see cref="DataChanges"/>), lets the page mark what changed, and stops listening
/// when the page goes. A reload that fails is handed to the renderer, so the page's error boundary shows it in Chinese.
/// </summary>
public abstract class LiveView<TView> : ComponentBase, IAsyncDisposable where TView : class
{
    [Inject] protected ScreenViews Views { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    /// <summary>What the page shows; null while there is nothing to show (see the page's own message).</summary>
    protected TView? View { get; private set; }

    /// <summary>Who is looking, as of the last load.</summary>
    protected Actor Actor { get; private set; } = Actor.Anonymous;

    /// <summary>When the view last changed under the page's eyes (not on navigation).</summary>
    protected DateTimeOffset? UpdatedAt { get; private set; }

    /// <summary>Loads the view for the page's current parameters, as <paramref name="actor"/> may see it.</summary>
    protected abstract Task<TView?> LoadAsync(Actor actor);

    /// <summary>Whether the reloaded view shows anything different on this screen (default: any difference).</summary>
    protected virtual bool ShowsTheSame(TView? before, TView? after) => Equals(before, after);

    /// <summary>The view changed after a commit: mark what changed (called before rendering).</summary>
    protected virtual void OnViewUpdated(TView? before, TView? after) { }

    /// <summary>The address (parameters) changed: the view was loaded afresh.</summary>
    protected virtual Task OnViewLoadedAsync() => Task.CompletedTask;

    protected override void OnInitialized()
    {
        // Only a live page listens: the prerendered HTML is sent once and never changes.
        if (RendererInfo.IsInteractive)
        {
            Views.Changes.Changed += OnDataChanged;
        }
    }

    // Loads overlap (the address or the user changes while a change is being loaded, or the other way round): the one
    // started last read the newest data and wins; one that finishes after it is dropped, never shown over it.
    private long started;
    private long shown;

    protected override async Task OnParametersSetAsync()
    {
        var load = ++started;
        Actor = (await AuthenticationState).User.ToActor();
        var view = await LoadAsync(Actor);
        if (load < shown) return;
        shown = load;
        View = view;
        await OnViewLoadedAsync();
    }

    private void OnDataChanged(DataChange change) => _ = InvokeAsync(async () =>
    {
        try
        {
            var load = ++started;
            Actor = (await AuthenticationState).User.ToActor();
            var after = await LoadAsync(Actor);
            if (load < shown) return;
            shown = load;
            var before = View;
            if (ShowsTheSame(before, after))
            {
                return;
            }
            View = after;
            UpdatedAt = change.At;
            OnViewUpdated(before, after);
            StateHasChanged();
        }
        catch (Exception e)
        {
            await DispatchExceptionAsync(e);
        }
    });

    public virtual ValueTask DisposeAsync()
    {
        Views.Changes.Changed -= OnDataChanged;
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
