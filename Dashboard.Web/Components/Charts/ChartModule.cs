using Microsoft.JSInterop;

namespace Dashboard.Web.Components.Charts;

/// <summary>
/// The chart script (<see cref="ChartDriver.ModulePath"/>), imported once per circuit and shared by every chart on
/// the screen: each import is a JavaScript object reference the circuit keeps for as long as the screen is open.
/// </summary>
public sealed class ChartModule(IJSRuntime js) : IAsyncDisposable
{
    private Task<IJSObjectReference>? module;

    public Task<IJSObjectReference> GetAsync()
    {
        if (module is null || module.IsFaulted || module.IsCanceled)
        {
            // The first chart of the screen, or an import that failed (the next chart tries again).
            module = js.InvokeAsync<IJSObjectReference>("import", ChartDriver.ModulePath).AsTask();
        }
        return module;
    }

    public async ValueTask DisposeAsync()
    {
        if (module is { IsCompletedSuccessfully: true })
        {
            try
            {
                await module.Result.DisposeAsync();
            }
            catch (Exception e) when (e is JSDisconnectedException or OperationCanceledException)
            {
                // The circuit is gone, and the browser's page with it.
            }
        }
    }
}
