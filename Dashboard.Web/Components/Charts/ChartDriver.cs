using System.Globalization;
using Dashboard.Web.Views;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Dashboard.Web.Components.Charts;

/// <summary>
/// Draws one ApexCharts chart into an element its owner renders, through the chart module: created once, updated in
/// place when the options change, highlighted, destroyed with the owner. Not a component of its own — a dashboard
/// shows a dozen charts on every open screen, and each component costs server memory per screen — so the component
/// that shows a chart (YearOverYearChart, or ApexChart where a bare chart is wanted) renders the element and calls
/// <see cref="AfterRenderAsync"/> after each render.
/// </summary>
public sealed class ChartDriver(ChartModule charts) : IAsyncDisposable
{
    public const string ModulePath = "./Components/Charts/ApexChart.razor.js";

    private IJSObjectReference? module;
    private DotNetObjectReference<ChartDriver>? self;
    private ElementReference drawnElement;
    private string? drawnOptions;
    private ChartPoint? drawnHighlight;
    private Task? creation;
    private bool created;
    private bool disposed;

    /// <summary>Raised when the user clicks a data point.</summary>
    public Func<ChartPoint, Task>? PointClicked { get; set; }

    /// <summary>The element's style for a plot of <paramref name="height"/> CSS pixels at the default root font size (it grows with the root on wall screens).</summary>
    /// <remarks>One shared string per height (a few constants): every open screen's charts keep their style attribute.</remarks>
    public static string HeightStyle(int height) =>
        HeightStyles.GetOrAdd(height, static h => $"height: {(h / 16m).ToString(CultureInfo.InvariantCulture)}rem");

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, string> HeightStyles = new();

    /// <summary>Draws, updates or highlights the chart in <paramref name="element"/> as the owner's last render left it.</summary>
    public async Task AfterRenderAsync(ElementReference element, string options, ChartPoint? highlight)
    {
        if (creation is null || created && element.Id != drawnElement.Id)
        {
            // The first render, or the owner now renders its chart in another element (one year became two): a new chart.
            if (created)
            {
                await module!.InvokeVoidAsync("destroy", drawnElement);
                created = false;
            }
            drawnHighlight = null;
            creation = CreateAsync(element, options);
            await creation;
            // Done: the finished call (and what it captured) need not be kept for as long as the screen is open.
            creation = Task.CompletedTask;
        }
        if (!created)
        {
            // A render while the chart is being created: the creating call catches up below when it finishes.
            return;
        }
        if (options != drawnOptions)
        {
            // Same chart, new numbers: update in place, no flicker, no new JS object.
            drawnOptions = options;
            await module!.InvokeVoidAsync("update", element, options);
        }
        if (highlight != drawnHighlight)
        {
            drawnHighlight = highlight;
            await module!.InvokeVoidAsync("highlight", element, highlight?.SeriesIndex ?? -1, highlight?.DataPointIndex ?? -1);
        }
    }

    private async Task CreateAsync(ElementReference element, string options)
    {
        module ??= await charts.GetAsync();
        if (disposed)
        {
            // Navigated away while the module loaded: nothing to draw.
            return;
        }
        self ??= DotNetObjectReference.Create(this);
        drawnElement = element;
        drawnOptions = options;
        await module.InvokeVoidAsync("create", element, options, self);
        created = true;
    }

    [JSInvokable]
    public Task PointSelected(int seriesIndex, int dataPointIndex) =>
        PointClicked?.Invoke(new ChartPoint(seriesIndex, dataPointIndex)) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        disposed = true;
        try
        {
            if (creation is not null)
            {
                // Let a creation in flight finish, so there is exactly one chart to destroy or none.
                await creation;
            }
            if (created)
            {
                await module!.InvokeVoidAsync("destroy", drawnElement);
            }
            // The module itself is the circuit's (ChartModule), shared with the screen's other charts.
        }
        catch (Exception e) when (e is JSDisconnectedException or OperationCanceledException)
        {
            // The circuit is gone (or going: its pending calls are cancelled), and the browser's page with it:
            // nothing left to release.
        }
        self?.Dispose();
    }
}
