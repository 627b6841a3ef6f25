using Bunit;
using Dashboard.Data;
using Dashboard.Data.Figures;
using Dashboard.Web.Components.Charts;
using Dashboard.Web.Views;
using Microsoft.Extensions.DependencyInjection;
using static Dashboard.Tests.Support.Indicators;

namespace Dashboard.Tests.Components;

/// <summary>
/// The charts' contract with their JS module (ChartDriver, used by ApexChart and YearOverYearChart): create once,
/// update in place, destroy on dispose.
/// </summary>
public sealed class ApexChartTests : IAsyncLifetime
{
    private const string ModulePath = "./Components/Charts/ApexChart.razor.js";

    private readonly BunitContext context = new();
    private BunitJSModuleInterop module = null!;

    public Task InitializeAsync()
    {
        context.Services.AddScoped<ChartModule>();
        context.JSInterop.Mode = JSRuntimeMode.Strict;
        module = context.JSInterop.SetupModule(ModulePath);
        module.SetupVoid("create", _ => true).SetVoidResult();
        module.SetupVoid("update", _ => true).SetVoidResult();
        module.SetupVoid("highlight", _ => true).SetVoidResult();
        module.SetupVoid("destroy", _ => true).SetVoidResult();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await context.DisposeAsync();

    [Fact]
    public void CreatesTheChartOnceWithItsOptions()
    {
        var chart = context.Render<ApexChart>(p => p.Add(c => c.Options, """{"series":[1,2]}"""));

        var create = module.VerifyInvoke("create");
        Assert.Contains("\"series\":[1,2]", (string)create.Arguments[1]!);
        chart.Render(p => p.Add(c => c.Height, 300));
        module.VerifyInvoke("create", calledTimes: 1);
    }

    [Fact]
    public void NewOptionsUpdateTheSameChartInPlace()
    {
        var chart = context.Render<ApexChart>(p => p.Add(c => c.Options, """{"series":[1,2]}"""));

        chart.Render(p => p.Add(c => c.Options, """{"series":[1,3]}"""));

        var update = module.VerifyInvoke("update");
        Assert.Contains("\"series\":[1,3]", (string)update.Arguments[1]!);
        module.VerifyInvoke("create", calledTimes: 1);
    }

    [Fact]
    public void EqualOptionsDoNotRedrawTheChart()
    {
        var chart = context.Render<ApexChart>(p => p.Add(c => c.Options, """{"series":[1,2]}"""));

        chart.Render(p => p.Add(c => c.Options, """{"series":[1,2]}"""));

        module.VerifyNotInvoke("update");
    }

    [Fact]
    public async Task TheChartsOfOneScreenShareOneImportOfTheModule()
    {
        var first = context.Render<ApexChart>(p => p.Add(c => c.Options, """{"series":[1]}"""));
        var second = context.Render<ApexChart>(p => p.Add(c => c.Options, """{"series":[2]}"""));

        module.VerifyInvoke("create", calledTimes: 2);
        Assert.Single(context.JSInterop.Invocations["import"]);

        // One chart going away leaves the module to the other: it still updates.
        await first.Instance.DisposeAsync();
        second.Render(p => p.Add(c => c.Options, """{"series":[3]}"""));
        Assert.Contains("\"series\":[3]", (string)module.VerifyInvoke("update").Arguments[1]!);
    }

    [Fact]
    public async Task DisposingTheComponentDestroysTheChart()
    {
        var chart = context.Render<ApexChart>(p => p.Add(c => c.Options, """{"series":[1]}"""));
        module.VerifyNotInvoke("destroy");

        await chart.Instance.DisposeAsync();

        module.VerifyInvoke("destroy");
    }

    [Fact]
    public void AHighlightedPointIsPassedToTheModule()
    {
        var chart = context.Render<ApexChart>(p => p.Add(c => c.Options, """{"series":[1]}"""));

        chart.Render(p => p.Add(c => c.Highlight, new ChartPoint(1, 3)));

        var highlight = module.Invocations["highlight"].Last();
        Assert.Equal((1, 3), ((int)highlight.Arguments[1]!, (int)highlight.Arguments[2]!));
    }

    [Fact]
    public async Task AClickedPointIsRaisedAsSeriesAndIndex()
    {
        ChartPoint? clicked = null;
        var chart = context.Render<ApexChart>(p => p
            .Add(c => c.Options, """{"series":[1]}""")
            .Add(c => c.OnPointSelected, point => clicked = point));

        // As the module does: through the .NET object it was given when the chart was created.
        var dotnet = (Microsoft.JSInterop.DotNetObjectReference<ChartDriver>)module.VerifyInvoke("create").Arguments[2]!;
        await chart.InvokeAsync(() => dotnet.Value.PointSelected(0, 2));

        Assert.Equal(new ChartPoint(0, 2), clicked);
    }

    [Fact]
    public async Task AYearOverYearChartThatGainsASecondYearIsDrawnAnewAndItsOneYearChartDestroyed()
    {
        SeriesPoint Point(int year) => new() { IndicatorCode = "events", Year = year, Value = 450, Qualifier = Qualifier.Exact, Status = FigureStatus.Published };
        var catalog = new[] { Make("events", unit: "场", chart: "outreach", id: 1) with { Name = "平安宣传活动" } };
        var chart = context.Render<YearOverYearChart>(p => p.Add(c => c.Model, ChartModel.Build(catalog, [Point(2024)], 2024).Single()));
        module.VerifyInvoke("create", calledTimes: 1);

        chart.Render(p => p.Add(c => c.Model, ChartModel.Build(catalog, [Point(2023), Point(2024)], 2024).Single()));

        module.VerifyInvoke("destroy", calledTimes: 1);
        var creates = module.Invocations["create"];
        Assert.Equal(2, creates.Count);
        Assert.NotEqual(((Microsoft.AspNetCore.Components.ElementReference)creates[0].Arguments[0]!).Id,
            ((Microsoft.AspNetCore.Components.ElementReference)creates[1].Arguments[0]!).Id);

        await chart.Instance.DisposeAsync();
        module.VerifyInvoke("destroy", calledTimes: 2);
    }
}
