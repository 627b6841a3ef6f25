using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Dashboard.Tests.Support;

/// <summary>A bUnit context with MudBlazor's services and the chart module; JS calls are answered loosely (the chart wrapper's are tested strictly).</summary>
public abstract class ComponentTests : IAsyncLifetime
{
    protected BunitContext Context { get; } = new();

    public virtual Task InitializeAsync()
    {
        Context.Services.AddMudServices();
        Context.Services.AddScoped<Dashboard.Web.Components.Charts.ChartModule>();
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Context.DisposeAsync();
}
