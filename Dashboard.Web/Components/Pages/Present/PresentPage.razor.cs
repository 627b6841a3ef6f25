using System.Globalization;
using Dashboard.Data.Users;
using Dashboard.Web.Views;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Dashboard.Web.Components.Pages.Present;

/// <summary>
/// The meeting-room screen: the figures as a deck that runs unattended. Everything that decides what it shows is in
/// the URL — which slides (and how long each stays), the interval, the year, the theme, and the current slide, which
/// the deck keeps up to date as it advances — so a bookmarked kiosk, or a reload after a server restart, opens
/// exactly where it was.
/// </summary>
public partial class PresentPage
{
    public const int DefaultSeconds = 20;
    public const int MinSeconds = 2;
    public const int MaxSeconds = 3600;
    public const int MaxFiguresPerSlide = DeckView.MaxFiguresPerSlide;
    public const int MaxSentences = DeckView.MaxSentences;

    private DeckView? deck => View;
    private int index;
    private bool paused;
    private int cycle;
    private HashSet<string> updated = [];
    private int updateCount;
    private ElementReference element;
    private IJSObjectReference? module;
    private DotNetObjectReference<PresentPage>? self;
    private CancellationTokenSource? advance;
    private bool disposed;

    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "org")]
    public string? OrganizationCode { get; set; }

    [SupplyParameterFromQuery(Name = "year")]
    public string? YearText { get; set; }

    private int? Year => QueryValue.Int(YearText);

    /// <summary>Which slides, in order, each optionally with its own seconds: <c>title,public_safety:40,report</c>.</summary>
    [SupplyParameterFromQuery(Name = "slides")]
    public string? SlideList { get; set; }

    /// <summary>Seconds per slide (default 20).</summary>
    [SupplyParameterFromQuery(Name = "interval")]
    public string? IntervalText { get; set; }

    private int? Interval => QueryValue.Int(IntervalText);

    /// <summary><c>dark</c> (default) or <c>light</c>.</summary>
    [SupplyParameterFromQuery(Name = "theme")]
    public string? ThemeName { get; set; }

    /// <summary>The current slide, counted from 1.</summary>
    [SupplyParameterFromQuery(Name = "slide")]
    public string? SlideNumberText { get; set; }

    private int? SlideNumber => QueryValue.Int(SlideNumberText);

    private string Theme => ThemeName == "light" ? "light" : "dark";

    private string OptionsOf(ChartModel chart) => ChartOptions.Json(chart, Theme == "light" ? ChartLook.DeckLight : ChartLook.DeckDark);

    /// <summary>The slides the URL asks for (all of them when it names none that exist), with their seconds.</summary>
    internal IReadOnlyList<(Slide Slide, int? Seconds)> Slides { get; private set; } = [];

    internal Slide? Current => Slides.Count == 0 ? null : Slides[index].Slide;

    private (string? Organization, int? Year, string? Slide) shown;

    protected override async Task<DeckView?> LoadAsync(Actor actor) =>
        await Views.DeckAsync(await Views.ChooseAsync(OrganizationCode, actor), actor, Year);

    protected override Task OnViewLoadedAsync()
    {
        Slides = Choose(deck, SlideList);
        index = Slides.Count == 0 ? 0 : Math.Clamp((SlideNumber ?? 1) - 1, 0, Slides.Count - 1);
        var now = (deck?.Header.Organization.Code, deck?.Header.Year, Current?.Id);
        if (shown != now)
        {
            updated = [];
        }
        shown = now;
        RestartTimer();
        return Task.CompletedTask;
    }

    /// <summary>A figure was saved somewhere: the current slide shows it in place, its time running on.</summary>
    protected override void OnViewUpdated(DeckView? before, DeckView? after)
    {
        var currentId = Current?.Id;
        Slides = Choose(after, SlideList);
        // Stay on the same slide, even if slides came or went.
        var same = Slides.Select((s, i) => (s.Slide.Id, i)).FirstOrDefault(x => x.Id == currentId);
        index = same.Id is null ? Math.Min(index, Math.Max(0, Slides.Count - 1)) : same.i;
        shown = (after?.Header.Organization.Code, after?.Header.Year, Current?.Id);
        updated = after?.District is not null ? ChangedComparisons(before, after) : DashboardView.ChangedIndicators(before?.Source, after?.Source);
        updateCount++;
    }

    /// <summary>A district's deck: the indicators whose comparison changed light up.</summary>
    private static HashSet<string> ChangedComparisons(DeckView? before, DeckView after)
    {
        if (before?.Header.Year != after.Header.Year) return [];
        var old = before.Slides.Where(s => s.Comparison is not null).ToDictionary(s => s.Id, s => s.Comparison!);
        return after.Slides
            .Where(s => s.Comparison is { } c && (!old.TryGetValue(s.Id, out var o) || o.RollUp != c.RollUp || !o.Bars.SequenceEqual(c.Bars)))
            .Select(s => s.Id).ToHashSet();
    }

    internal static IReadOnlyList<(Slide Slide, int? Seconds)> Choose(DeckView? deck, string? list)
    {
        if (deck is null)
        {
            return [];
        }
        var byId = deck.Slides.ToDictionary(s => s.Id);
        var chosen = (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(item => item.Split(':', 2))
            .Where(parts => byId.ContainsKey(parts[0]))
            .Select(parts => (byId[parts[0]], parts.Length == 2 && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var s) ? Clamp(s) : (int?)null))
            .ToList();
        return chosen.Count > 0 ? chosen : deck.Slides.Select(s => (s, (int?)null)).ToList();
    }

    private int SecondsOf(Slide slide) => Slides.FirstOrDefault(s => s.Slide == slide).Seconds ?? Clamp(Interval ?? DefaultSeconds);

    private static int Clamp(int seconds) => Math.Clamp(seconds, MinSeconds, MaxSeconds);

    /// <summary>Auto-advance: the current slide's time starts again (after a move, a pause, or a new URL).</summary>
    private void RestartTimer()
    {
        advance?.Cancel();
        advance?.Dispose();
        advance = null;
        cycle++;
        if (!RendererInfo.IsInteractive || paused || disposed || Current is not { } slide || Slides.Count < 2)
        {
            return;
        }
        advance = new CancellationTokenSource();
        _ = AdvanceAfterAsync(TimeSpan.FromSeconds(SecondsOf(slide)), advance.Token);
    }

    private async Task AdvanceAfterAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, Clock, cancellationToken);
            await InvokeAsync(() => GoTo(index + 1));
        }
        catch (OperationCanceledException)
        {
            // Moved, paused or closed before the time was up.
        }
    }

    /// <summary>Shows slide <paramref name="target"/> (wrapping around) by putting it in the URL.</summary>
    private void GoTo(int target)
    {
        if (disposed || Slides.Count == 0)
        {
            return;
        }
        var number = (target % Slides.Count + Slides.Count) % Slides.Count + 1;
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("slide", number), replace: true);
    }

    /// <summary>A key the presenter (or a clicker) pressed: <c>next</c>, <c>previous</c>, <c>pause</c>, or a slide number.</summary>
    [JSInvokable]
    public Task Key(string key)
    {
        switch (key)
        {
            case "next":
                GoTo(index + 1);
                break;
            case "previous":
                GoTo(index - 1);
                break;
            case "pause":
                paused = !paused;
                RestartTimer();
                StateHasChanged();
                break;
            default:
                if (int.TryParse(key, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= Slides.Count)
                {
                    GoTo(number - 1);
                }
                break;
        }
        return Task.CompletedTask;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            module = await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Pages/Present/PresentPage.razor.js");
            if (disposed)
            {
                return;
            }
            self = DotNetObjectReference.Create(this);
            await module.InvokeVoidAsync("start", element, self);
        }
    }

    /// <summary>
    /// The completeness slide's grid: one column up to 12 organizations, two up to 30, three beyond; the rows share the
    /// slide's height (present.css sizes them and their type from the row count).
    /// </summary>
    private static (int Columns, int Rows) ProgressGrid(int organizations)
    {
        var columns = organizations > 30 ? 3 : organizations > 12 ? 2 : 1;
        return (columns, Math.Max(1, (organizations + columns - 1) / columns));
    }

    private static string Share(int part, int whole) =>
        string.Create(CultureInfo.InvariantCulture, $"width: {(whole > 0 ? part * 100.0 / whole : 0):0.#}%");

    private string? UpdatedClass(IEnumerable<string> indicatorCodes) =>
        indicatorCodes.Any(updated.Contains) ? $"is-updated-{updateCount % 2}" : null;

    public override async ValueTask DisposeAsync()
    {
        disposed = true;
        await base.DisposeAsync();
        advance?.Cancel();
        advance?.Dispose();
        if (module is not null)
        {
            try
            {
                await module.InvokeVoidAsync("stop");
                await module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The browser's page is gone, and its listeners with it.
            }
        }
        self?.Dispose();
    }
}
