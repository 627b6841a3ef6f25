using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Reports;
using Dashboard.Data.Targets;
using Dashboard.Data.Users;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Dashboard.Web.Components.Charts;
using Dashboard.Web.Components.Narrative;
using Dashboard.Web.Hosting;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Dashboard.Web.Components.Pages.Dashboard;

public partial class DashboardPage
{
    private DashboardView? view;
    private Focus? focus;
    private HashSet<string> updated = [];
    private int updateCount;
    private DateTimeOffset? updatedAt;
    private bool revealPending;
    private IJSObjectReference? module;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "org")]
    public string? OrganizationCode { get; set; }

    [SupplyParameterFromQuery(Name = "year")]
    public string? YearText { get; set; }

    private int? Year => QueryValue.Int(YearText);

    protected override void OnInitialized()
    {
        // Only a live page listens: the prerendered HTML is sent once and never changes.
        if (RendererInfo.IsInteractive)
        {
            Changes.Changed += OnDataChanged;
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        view = await LoadAsync();
        focus = null;
        updated = [];
    }

    private bool signedIn;

    private async Task<DashboardView?> LoadAsync()
    {
        var actor = (await AuthenticationState).User.ToActor();
        signedIn = actor.IsSignedIn;
        // Every open dashboard reloads on every change: the view is computed once per change and shared.
        return await Views.GetAsync((OrganizationCode, Year, actor.SeesProvisional),
            () => DashboardView.LoadAsync(Catalog, Figures, Reports, Targets, actor, OrganizationCode, Year));
    }

    /// <summary>
    /// Someone saved something: show it in place — same year, same scroll position, same focus — and let the
    /// tiles and charts whose figures changed light up briefly.
    /// </summary>
    private void OnDataChanged(DataChange change) => _ = InvokeAsync(async () =>
    {
        var before = view;
        var after = await LoadAsync();
        if (after is not null && after.ShowsTheSameAs(before))
        {
            return;   // nothing this screen shows changed
        }
        view = after;
        updated = DashboardView.ChangedIndicators(before, view);
        updateCount++;
        updatedAt = change.At;
        StateHasChanged();
    });

    /// <summary>The class that plays the "just updated" highlight (alternating, so a second update plays it again).</summary>
    private string? UpdatedClass(IEnumerable<string> indicatorCodes) =>
        indicatorCodes.Any(updated.Contains) ? $"is-updated-{updateCount % 2}" : null;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!revealPending || focus is null)
        {
            return;
        }
        revealPending = false;
        module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Pages/Dashboard/DashboardPage.razor.js");
        if (focus.Origin == FocusOrigin.Narrative)
        {
            var chart = view?.Charts.FirstOrDefault(c => c.IndicatorCodes.Contains(focus.IndicatorCode));
            await module.InvokeVoidAsync("reveal", [new[] { $"tile-{focus.IndicatorCode}", chart is null ? null : $"chart-{chart.Code}" }]);
        }
        else
        {
            await module.InvokeVoidAsync("reveal", [new[] { $"figure-{focus.IndicatorCode}" }]);
        }
    }

    private Task FocusAsync(string indicatorCode, FocusOrigin origin, int? year = null)
    {
        var next = new Focus(indicatorCode, year ?? view!.Year, origin);
        if (next == focus)
        {
            return Task.CompletedTask;
        }
        focus = next;
        revealPending = true;
        return Task.CompletedTask;
    }

    private void YearChanged(int year) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("year", year));

    private void OrganizationChanged(string code) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?> { ["org"] = code, ["year"] = null }));

    /// <summary>"2025-02" → "2025年2月"; "2025-02-14" → "2025年2月14日".</summary>
    private static string PublishedText(string published)
    {
        var parts = published.Split('-');
        return parts.Length switch
        {
            3 => $"{parts[0]}年{int.Parse(parts[1])}月{int.Parse(parts[2])}日",
            2 => $"{parts[0]}年{int.Parse(parts[1])}月",
            _ => published,
        };
    }

    public async ValueTask DisposeAsync()
    {
        Changes.Changed -= OnDataChanged;
        if (module is not null)
        {
            try
            {
                await module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
            }
        }
    }

    private enum FocusOrigin { Narrative, Figures }

    /// <summary>The figure in focus, and where the user pointed at it (so the other side scrolls to it).</summary>
    private sealed record Focus(string IndicatorCode, int Year, FocusOrigin Origin);
}
