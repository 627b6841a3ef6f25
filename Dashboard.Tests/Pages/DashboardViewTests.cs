using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Reports;
using Dashboard.Data.Targets;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Dashboard.Web.Views;
using static Dashboard.Tests.Support.Actors;

namespace Dashboard.Tests.Pages;

/// <summary>What decides whether an open dashboard says 更新于 after a save: only what that screen can see.</summary>
public sealed class DashboardViewTests
{
    [Fact]
    public async Task AProvisionalSaveChangesNothingAVisitorSeesAndSomethingAViewerSees()
    {
        await using var database = await TempDatabase.CreateSeededAsync();
        var viewer = await Actors.SignInAsync(database.Db, "leader", Role.Viewer);
        var visitorBefore = await LoadAsync(database.Db, Actor.Anonymous);
        var viewerBefore = await LoadAsync(database.Db, viewer);

        await SaveAsync(database.Db, "petitions_handled", 2025, 90, FigureStatus.Provisional);

        Assert.True((await LoadAsync(database.Db, Actor.Anonymous)).ShowsTheSameAs(visitorBefore));
        Assert.False((await LoadAsync(database.Db, viewer)).ShowsTheSameAs(viewerBefore));
    }

    [Fact]
    public async Task APublishedChangeOfAnEarlierYearChangesWhatAVisitorSeesThroughTheCharts()
    {
        await using var database = await TempDatabase.CreateSeededAsync();
        await SaveAsync(database.Db, "petitions_handled", 2023, 60, FigureStatus.Published);
        var before = await LoadAsync(database.Db, Actor.Anonymous);

        await SaveAsync(database.Db, "petitions_handled", 2023, 61, FigureStatus.Published);

        Assert.False((await LoadAsync(database.Db, Actor.Anonymous)).ShowsTheSameAs(before));
    }

    private static async Task<DashboardView> LoadAsync(DashboardDb db, Actor actor)
    {
        var organizations = await new CatalogQueries(db).GetOrganizationsAsync();
        var luoxing = organizations.Single(o => o.Code == "luoxing");
        return await DashboardView.LoadAsync(new CatalogQueries(db), new FigureQueries(db), new ReportQueries(db), new TargetQueries(db),
            new ReportDocuments(Microsoft.Extensions.Options.Options.Create(new ViewCacheOptions())), organizations, luoxing, Reader.For(actor, organizations).Of(luoxing.Id), 2024, TimeProvider.System);
    }

    private static async Task SaveAsync(DashboardDb db, string code, int year, decimal value, FigureStatus status)
    {
        var organization = (await new CatalogQueries(db).GetOrganizationAsync("luoxing"))!.Id;
        var indicator = (await new CatalogQueries(db).GetIndicatorAsync(code))!.Id;
        var current = (await new FigureQueries(db).GetFiguresAsync(organization, year, Reader.System("测试"))).SingleOrDefault(f => f.IndicatorId == indicator);
        var result = await new FigureCommands(db, TimeProvider.System).SaveAsync(new FigureSave
        {
            OrganizationId = organization, IndicatorId = indicator, Year = year, Value = value, Qualifier = Qualifier.Exact, Status = status,
            SourceText = current?.SourceText ?? "", ExpectedVersion = current?.Version, Reason = "测试",
        }, Writer("录入员"));
        Assert.True(result.Succeeded);
    }
}
