using Dashboard.Data.Catalog;
using Dashboard.Data.Users;
using Dashboard.Web.Views;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Dashboard.Web.Components.Pages.Home;

public partial class DashboardPage
{
    [Inject] private CurrentSelection Selection { get; set; } = default!;

    private Focus? focus;
    private bool revealPending;
    private IJSObjectReference? module;
    private string? problem;
    private Organization? district;

    /// <summary>What the tiles and charts show of this screen's state: the focus, what was just updated, where clicks go.</summary>
    private ScreenState screen = null!;

    [SupplyParameterFromQuery(Name = "org")]
    public string? OrganizationCode { get; set; }

    [SupplyParameterFromQuery(Name = "year")]
    public string? YearText { get; set; }

    private int? Year => QueryValue.Int(YearText);

    private DashboardView? view => View;

    private bool signedIn => Actor.IsSignedIn;

    protected override async Task<DashboardView?> LoadAsync(Actor actor)
    {
        var choice = await Views.ChooseAsync(OrganizationCode, actor);
        problem = choice.Problem;
        // A district's page compares its streets and towns (DistrictOverview): it has no dashboard of its own.
        district = choice.Chosen is { Kind: Organization.District } chosen ? chosen : null;
        if (district is not null) return null;
        // Every open dashboard reloads on every change: the view is computed once per change and shared.
        return await Views.DashboardAsync(choice, actor, Year);
    }

    protected override void OnInitialized()
    {
        screen = new ScreenState
        {
            TileSelected = EventCallback.Factory.Create<string>(this, code => FocusAsync(code, FocusOrigin.Figures)),
            ChartSelected = EventCallback.Factory.Create<(string IndicatorCode, int Year)>(this, point => FocusAsync(point.IndicatorCode, FocusOrigin.Figures, point.Year)),
        };
        base.OnInitialized();
    }

    protected override Task OnViewLoadedAsync()
    {
        if (view is not null)
        {
            Selection.Show(view.Organization.Code, view.Year);
        }
        focus = null;
        screen.Reset();
        return Task.CompletedTask;
    }

    // Someone saved something: show it in place — same year, same scroll position, same focus — and let the
    // tiles and charts whose figures changed light up briefly.
    protected override bool ShowsTheSame(DashboardView? before, DashboardView? after) => after is not null && after.ShowsTheSameAs(before);

    protected override void OnViewUpdated(DashboardView? before, DashboardView? after) =>
        screen.MarkUpdated(DashboardView.ChangedIndicators(before, after));

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!revealPending || focus is null)
        {
            return;
        }
        revealPending = false;
        module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Pages/Home/DashboardPage.razor.js");
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
        screen.Highlighted = indicatorCode;
        revealPending = true;
        return Task.CompletedTask;
    }

    private void YearChanged(int year) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("year", year));

    private void OrganizationChanged(string code) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?> { ["org"] = code, ["year"] = null }));

    /// <summary>What a printed page says of its data: as of when, and (for those who see them) that provisional figures may change.</summary>
    private string PrintedAsOf =>
        $"{(view!.DataAsOf is { } asOf ? $"数据截至 {asOf.ToLocalTime():yyyy年M月d日 HH:mm}" : "")}　{(Actor.IsSignedIn ? "含暂定数，以正式发布为准" : "")}";

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

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
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
