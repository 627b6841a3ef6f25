using Dashboard.Data;
using Dashboard.Data.Figures;
using Dashboard.Data.Reports;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using static Dashboard.Tests.Support.Actors;

namespace Dashboard.Tests.Data;

/// <summary>
/// 发布本年度: a year's provisional figures and its draft report made public in one transaction by the organization's
/// administrator — each figure with its history row — or, if anything changed since it was shown or the actor may not,
/// nothing at all.
/// </summary>
public class YearPublicationTests : IAsyncLifetime
{
    /// <summary>The same on PostgreSQL.</summary>
    public sealed class OnPostgres : YearPublicationTests, IOnPostgres
    {
        protected override DatabaseEngine Engine => DatabaseEngine.Postgres;
    }

    protected virtual DatabaseEngine Engine => DatabaseEngine.Sqlite;

    private TempDatabase database = null!;
    private long organization;
    private long disputes;
    private long petitions;

    public async Task InitializeAsync()
    {
        database = await TempDatabase.CreateMigratedAsync(Engine);
        organization = await CatalogBuilder.AddOrganizationAsync(database.Db);
        await CatalogBuilder.AddOrganizationAsync(database.Db, "other", "另一街道");
        disputes = await CatalogBuilder.AddIndicatorAsync(database.Db, "disputes");
        petitions = await CatalogBuilder.AddIndicatorAsync(database.Db, "petitions");
        foreach (var (indicator, value) in new[] { (disputes, 256m), (petitions, 41m) })
        {
            Assert.True((await new FigureCommands(database.Db, TimeProvider.System).SaveAsync(new FigureSave
            {
                OrganizationId = organization, IndicatorId = indicator, Year = 2025, Value = value, Status = FigureStatus.Provisional,
                SourceText = value == 256 ? "化解矛盾纠纷256件" : "",
            }, Writer("张三"))).Succeeded);
        }
        Assert.True((await new ReportCommands(database.Db, TimeProvider.System).SaveAsync(new ReportSave
        {
            OrganizationId = organization, Year = 2025, Title = "2025 年度报告", Body = "全年化解矛盾纠纷256件。",
        }, Writer("张三"))).Succeeded);
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private YearPublication Publication => new(database.Db, TimeProvider.System);

    private async Task<YearPublicationPlan> PlanAsync() => await Publication.PlanAsync(organization, 2025, Reader.System("测试"));

    [EngineFact]
    public async Task TheAdministratorPublishesEveryProvisionalFigureAndTheDraftReportInOneStep()
    {
        var admin = await SignInAsync(database.Db, "街道管理员", Role.Admin, organizationCode: "test");
        var plan = await PlanAsync();
        Assert.Equal(2, plan.ProvisionalFigures.Count);
        Assert.NotNull(plan.DraftReport);

        var result = await Publication.PublishAsync(organization, 2025, plan, "2026-02-14", admin);

        Assert.True(result.Succeeded, string.Join(" ", result.Problems));
        Assert.Equal((2, true), (result.FiguresPublished, result.ReportPublished));
        // A visitor now sees the figures and the report.
        var seen = await new FigureQueries(database.Db).GetFiguresAsync(organization, 2025, Reader.Visitor);
        Assert.Equal([256m, 41m], seen.Select(f => f.Value).Order().Reverse());
        Assert.All(seen, f => Assert.Equal(FigureStatus.Published, f.Status));
        Assert.Equal("2026-02-14", (await new ReportQueries(database.Db).GetReportAsync(organization, 2025, Reader.Visitor))?.Published);
        // Each figure's history names who published it and why; its value and words are as they were.
        var history = await new FigureQueries(database.Db).GetFigureHistoryAsync(organization, disputes, 2025, Reader.System("测试"));
        var last = history[0];
        Assert.Equal(("街道管理员", YearPublication.Reason, FigureStatus.Provisional, FigureStatus.Published, 256m),
            (last.ChangedBy, last.Reason, last.OldStatus, last.NewStatus, last.NewValue));
        Assert.Equal("化解矛盾纠纷256件", seen.Single(f => f.IndicatorId == disputes).SourceText);
        Assert.False((await PlanAsync()).HasAnything);
    }

    [EngineFact]
    public async Task AnEditorOrTheAdministratorOfAnotherStreetMayNotAndNothingChanges()
    {
        var editor = await SignInAsync(database.Db, "街道文员", Role.Editor, organizationCode: "test");
        var otherAdmin = await SignInAsync(database.Db, "另一街道管理员", Role.Admin, organizationCode: "other");

        var plan = await PlanAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() => Publication.PublishAsync(organization, 2025, plan, "2026-02", editor));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Publication.PublishAsync(organization, 2025, plan, "2026-02", otherAdmin));

        Assert.Equal(2, (await PlanAsync()).ProvisionalFigures.Count);
        Assert.Empty(await new FigureQueries(database.Db).GetFiguresAsync(organization, 2025, Reader.Visitor));
        Assert.Null(await new ReportQueries(database.Db).GetReportAsync(organization, 2025, Reader.Visitor));
    }

    [EngineFact]
    public async Task AFigureChangedSinceThePlanWasShownStopsTheWholePublication()
    {
        var admin = await SignInAsync(database.Db, "街道管理员", Role.Admin, organizationCode: "test");
        var plan = await PlanAsync();
        var shown = plan.ProvisionalFigures.Single(f => f.IndicatorId == petitions);
        Assert.True((await new FigureCommands(database.Db, TimeProvider.System).SaveAsync(new FigureSave
        {
            OrganizationId = organization, IndicatorId = petitions, Year = 2025, Value = 44, Status = FigureStatus.Provisional,
            ExpectedVersion = shown.Version,
        }, Writer("李四"))).Succeeded);

        var result = await Publication.PublishAsync(organization, 2025, plan, "2026-02", admin);

        Assert.False(result.Succeeded);
        Assert.Contains("已被他人修改", result.Problems.Single());
        Assert.Empty(await new FigureQueries(database.Db).GetFiguresAsync(organization, 2025, Reader.Visitor));
        Assert.Null(await new ReportQueries(database.Db).GetReportAsync(organization, 2025, Reader.Visitor));
        Assert.DoesNotContain(await new FigureQueries(database.Db).GetFigureHistoryAsync(organization, disputes, 2025, Reader.System("测试")),
            h => h.Reason == YearPublication.Reason);
    }

    [EngineFact]
    public async Task ADraftReportNeedsItsPublicationDateAndNothingIsPublishedWithoutIt()
    {
        var admin = await SignInAsync(database.Db, "街道管理员", Role.Admin, organizationCode: "test");

        var result = await Publication.PublishAsync(organization, 2025, await PlanAsync(), " ", admin);

        Assert.Contains("发布日期", result.Problems.Single());
        Assert.Equal(2, (await PlanAsync()).ProvisionalFigures.Count);
        var badDate = await Publication.PublishAsync(organization, 2025, await PlanAsync(), "2026年2月", admin);
        Assert.Contains("发布日期请写成", badDate.Problems.Single());
        Assert.Equal(2, (await PlanAsync()).ProvisionalFigures.Count);
    }

    [EngineFact]
    public async Task AReportAlreadyPublishedKeepsItsDateWhileItsProvisionalFiguresArePublished()
    {
        var admin = await SignInAsync(database.Db, "街道管理员", Role.Admin, organizationCode: "test");
        var report = (await new ReportQueries(database.Db).GetReportAsync(organization, 2025, Reader.System("测试")))!;
        Assert.True((await new ReportCommands(database.Db, TimeProvider.System).SaveAsync(new ReportSave
        {
            OrganizationId = organization, Year = 2025, Title = report.Title, Body = report.Body, Published = "2026-01-20",
            ExpectedUpdatedAt = report.UpdatedAt,
        }, Writer("张三"))).Succeeded);
        var plan = await PlanAsync();
        Assert.Null(plan.DraftReport);

        var result = await Publication.PublishAsync(organization, 2025, plan, "", admin);

        Assert.Equal((2, false), (result.FiguresPublished, result.ReportPublished));
        Assert.Equal("2026-01-20", (await new ReportQueries(database.Db).GetReportAsync(organization, 2025, Reader.Visitor))?.Published);
        Assert.Equal(2, (await new FigureQueries(database.Db).GetFiguresAsync(organization, 2025, Reader.Visitor)).Count);
    }
}
