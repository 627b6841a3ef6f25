using Bunit;
using MudBlazor.Services;

namespace Dashboard.Tests.Support;

/// <summary>A bUnit context with MudBlazor's services; JS calls are answered loosely (the chart wrapper's are tested strictly).</summary>
public abstract class ComponentTests : IAsyncLifetime
{
    protected BunitContext Context { get; } = new();

    public virtual Task InitializeAsync()
    {
        Context.Services.AddMudServices();
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Context.DisposeAsync();
}
