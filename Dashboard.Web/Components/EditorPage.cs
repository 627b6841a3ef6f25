using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Users;
using Dashboard.Web.Components.Drafts;
using Dashboard.Web.Security;
using Dashboard.Web.Views;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;

namespace Dashboard.Web.Components;

/// <summary>
/// An editing page of one organization's year (figures, targets, report): what every such page does, in one place.
/// It chooses the organization from the address by policy (only one the user may edit), resolves who reads
/// (<see cref="Reader"/>) and the year, loads (<see cref="LoadAsync"/>), attaches its JavaScript module and keeps what is
/// typed in the browser tab (<see cref="BrowserDrafts"/>, brought back by <see cref="RestoreAsync"/> after a reload),
/// follows saves made elsewhere (<see cref="FollowAsync"/>, through <see cref="LiveRows"/>), and says what happened.
/// A page says what is its own: its draft's name, its form, its years, how it loads, restores and follows.
/// </summary>
public abstract class EditorPage : ComponentBase, IAsyncDisposable
{
    [Inject] protected ScreenViews Views { get; set; } = default!;
    [Inject] protected CurrentSelection Selection { get; set; } = default!;
    [Inject] protected BrowserDrafts Drafts { get; set; } = default!;
    [Inject] protected NavigationManager Navigation { get; set; } = default!;
    [Inject] protected IJSRuntime JS { get; set; } = default!;
    [Inject] private ILoggerFactory Loggers { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "org")]
    public string? OrganizationCode { get; set; }

    [SupplyParameterFromQuery(Name = "year")]
    public string? YearText { get; set; }

    /// <summary>The organization being edited; null when the address names none the user may edit (<see cref="Choice"/> says why).</summary>
    protected Organization? Organization { get; private set; }

    protected OrganizationChoice? Choice { get; private set; }

    /// <summary>Who edits, as of the last load: every save passes it to the data layer, which checks it again.</summary>
    protected Actor Actor { get; private set; } = Actor.Anonymous;

    /// <summary>What the user may read (their own organization's provisional figures, drafts and histories).</summary>
    protected Reader Reader { get; private set; } = Reader.Visitor;

    protected int Year { get; set; }

    /// <summary>The years the year picker offers.</summary>
    protected List<int> Years { get; private set; } = [];

    /// <summary>The page's rows following saves made elsewhere.</summary>
    protected LiveRows Live { get; } = new();

    protected string? Message { get; private set; }
    protected bool MessageIsError { get; private set; }

    /// <summary>The page's JavaScript module, once attached (null for a page without one).</summary>
    protected IJSObjectReference? Module { get; private set; }

    /// <summary>Whether the page's form is on the screen with its module and drafts attached.</summary>
    protected bool Attached { get; private set; }

    /// <summary>The year of this calendar (the server's clock).</summary>
    protected int ThisYear => Clock.GetLocalNow().Year;

    private (string? Organization, string? Year)? loadedFor;
    private string? watchedKey;

    /// <summary>What the drafts of this page are called ("figures"): its key adds the organization and year.</summary>
    protected abstract string DraftName { get; }

    /// <summary>The element whose fields are kept as drafts (and the module is attached to).</summary>
    protected abstract ElementReference DraftRoot { get; }

    /// <summary>The page's JavaScript module, attached to <see cref="DraftRoot"/> once it is on the screen; null for none.</summary>
    protected virtual string? ModulePath => null;

    /// <summary>What the user must be allowed for the organization to open it here (editing its figures, by default).</summary>
    protected virtual string Policy => Policies.EditFigures;

    /// <summary>Years ahead of this one the picker offers (targets are set for the year to come).</summary>
    protected virtual int YearsAhead => 0;

    /// <summary>What the page's draft is kept under: its name, the organization and the year.</summary>
    protected virtual string DraftKey => $"{DraftName}:{Organization?.Code}:{Year}";

    /// <summary>The years this page has something saved in, for the organization (the default year is the latest).</summary>
    protected abstract Task<IReadOnlyCollection<int>> SavedYearsAsync();

    /// <summary>Loads what the page edits for <see cref="Organization"/> and <see cref="Year"/>.</summary>
    protected abstract Task LoadAsync();

    /// <summary>
    /// Someone saved elsewhere: merge what is stored now without touching what is being typed here. By default the page
    /// stays as it is (its save reports a conflict with what someone saved meanwhile).
    /// </summary>
    protected virtual Task FollowAsync() => Task.CompletedTask;

    /// <summary>Puts back what was typed before the page reloaded (the page says what it restored).</summary>
    protected abstract Task RestoreAsync(Draft draft);

    /// <summary>Attaches the module to the form (a page may hand it more).</summary>
    protected virtual Task AttachAsync(IJSObjectReference module) => module.InvokeVoidAsync("attach", DraftRoot).AsTask();

    protected override void OnInitialized()
    {
        if (RendererInfo.IsInteractive)
        {
            Live.Follow(Views.Changes, InvokeAsync, FollowAsync, Loggers.CreateLogger(GetType()));
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        // Parameters are set again whenever the page's parents render (a cascading value changing, the layout): only a
        // different address loads afresh — anything else would throw away the editor's unsaved work.
        if (loadedFor == (OrganizationCode, YearText)) return;
        loadedFor = (OrganizationCode, YearText);
        Actor = (await AuthenticationState).User.ToActor();
        // Only an organization the user may edit: the address naming another one gets a message, not another street's data.
        Choice = await Views.ChooseAsync(OrganizationCode, Actor, Policy);
        Organization = Choice.Chosen;
        if (Organization is null) return;
        Reader = await Views.ReaderAsync(Actor);
        var saved = await SavedYearsAsync();
        Year = QueryValue.Int(YearText) ?? YearRules.Default(saved, Clock);
        Years = YearChoices.Editable(saved, Year, ThisYear, YearsAhead);
        Selection.Show(Organization.Code, Year);
        await LoadAsync();
        Message = null;
        if (Attached) await WatchAndRestoreAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Once the form is on the screen — not only after the first render, which may come before the organization has
        // loaded (a database that answers asynchronously, PostgreSQL): else the form would never get its module or drafts.
        if (!Attached && Organization is not null)
        {
            Attached = true;   // set before the first await: a render meanwhile must not attach twice
            if (ModulePath is { } path)
            {
                Module = await JS.InvokeAsync<IJSObjectReference>("import", path);
                await AttachAsync(Module);
            }
            await WatchAndRestoreAsync();
            StateHasChanged();
        }
    }

    /// <summary>Keeps what is typed in the browser from now on, and brings back what was typed before the page reloaded.</summary>
    private async Task WatchAndRestoreAsync()
    {
        var key = DraftKey;
        if (watchedKey == key) return;
        watchedKey = key;
        await Drafts.WatchAsync(DraftRoot, key);
        if (await Drafts.TakeAsync(key) is { } draft)
        {
            await RestoreAsync(draft);
        }
    }

    /// <summary>Who acts now (a save passes it to the data layer, which checks it again against the stored account).</summary>
    protected async Task<Actor> ActorNowAsync() => (await AuthenticationState).User.ToActor();

    protected void Say(string text, bool error) => (Message, MessageIsError) = (text, error);

    protected void ClearMessage() => Message = null;

    /// <summary>What the page holds beyond the base (a .NET reference handed to its module, a module of its own).</summary>
    protected virtual ValueTask DisposeOwnAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        Live.Dispose();
        try
        {
            if (Module is not null)
            {
                await Module.InvokeVoidAsync("detach", DraftRoot);
                await Module.DisposeAsync();
            }
            if (Attached) await Drafts.UnwatchAsync(DraftRoot);
            await DisposeOwnAsync();
        }
        catch (JSDisconnectedException)
        {
            // The browser has gone: nothing to detach from.
        }
        GC.SuppressFinalize(this);
    }
}
