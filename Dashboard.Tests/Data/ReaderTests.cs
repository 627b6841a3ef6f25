using System.Reflection;
using Dashboard.Data;
using Dashboard.Data.Figures;
using Dashboard.Data.Reports;
using Dashboard.Data.Targets;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using static Dashboard.Tests.Support.Actors;

namespace Dashboard.Tests.Data;

/// <summary>
/// Reads are guarded where the data is, as writes are: every query of figures, reports and targets requires a
/// <see cref="Reader"/>, and through every one of them a visitor (or a user of another organization) reads nothing
/// unpublished — a provisional figure, a draft report, a history — however a page calls it.
/// </summary>
public class ReaderTests : IAsyncLifetime
{
    /// <summary>The same on PostgreSQL.</summary>
    public sealed class OnPostgres : ReaderTests, IOnPostgres
    {
        protected override DatabaseEngine Engine => DatabaseEngine.Postgres;
    }

    protected virtual DatabaseEngine Engine => DatabaseEngine.Sqlite;

    private static readonly Type[] QueryClasses = [typeof(FigureQueries), typeof(ReportQueries), typeof(TargetQueries)];

    private TempDatabase database = null!;
    private long organization;
    private long indicator;
    private long provisionalFigure;

    public async Task InitializeAsync()
    {
        database = await TempDatabase.CreateMigratedAsync(Engine);
        organization = await CatalogBuilder.AddOrganizationAsync(database.Db);
        indicator = await CatalogBuilder.AddIndicatorAsync(database.Db, "disputes");
        // Everything of the year is unpublished: a provisional figure, a draft report, a target (targets are public).
        var saved = await new FigureCommands(database.Db, TimeProvider.System).SaveAsync(new FigureSave
        {
            OrganizationId = organization, IndicatorId = indicator, Year = 2025, Value = 256, Status = FigureStatus.Provisional,
        }, Writer("张三"));
        Assert.True(saved.Succeeded);
        provisionalFigure = (await Queries.GetFiguresAsync(organization, 2025, Reader.System("测试"))).Single().Id;
        Assert.True((await new ReportCommands(database.Db, TimeProvider.System).SaveAsync(new ReportSave
        {
            OrganizationId = organization, Year = 2025, Title = "2025 年度报告", Body = "化解矛盾纠纷 256 件。",
        }, Writer("张三"))).Succeeded);
        Assert.Empty(await new TargetCommands(database.Db, TimeProvider.System).SetTargetsAsync(
            organization, 2025, [new TargetSave(indicator, Comparator.GreaterOrEqual, 200, null)], Writer("张三")));
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private FigureQueries Queries => new(database.Db);

    /// <summary>
    /// Each query as a visitor, with what it must give: nothing unpublished, or a refusal. A query added without a case
    /// here fails <see cref="EveryQueryIsCheckedHere"/>.
    /// </summary>
    private Dictionary<string, Func<Reader, Task>> Cases()
    {
        var figures = new FigureQueries(database.Db);
        var reports = new ReportQueries(database.Db);
        var targets = new TargetQueries(database.Db);
        return new()
        {
            [$"{nameof(FigureQueries)}.{nameof(FigureQueries.GetAllFiguresAsync)}"] = async r => Assert.Empty(await figures.GetAllFiguresAsync(organization, r)),
            [$"{nameof(FigureQueries)}.{nameof(FigureQueries.GetFiguresAsync)}"] = async r => Assert.Empty(await figures.GetFiguresAsync(organization, 2025, r)),
            [$"{nameof(FigureQueries)}.{nameof(FigureQueries.GetIndicatorFiguresAsync)}"] = async r => Assert.Empty(await figures.GetIndicatorFiguresAsync(organization, indicator, r)),
            [$"{nameof(FigureQueries)}.{nameof(FigureQueries.GetLastSavedAsync)}"] = async r => Assert.Null(await figures.GetLastSavedAsync([organization], 2025, r)),
            [$"{nameof(FigureQueries)}.{nameof(FigureQueries.GetYearsAsync)}"] = async r => Assert.Empty(await figures.GetYearsAsync(organization, r)),
            [$"{nameof(FigureQueries)}.{nameof(FigureQueries.GetSeriesAsync)}"] = async r => Assert.Empty(await figures.GetSeriesAsync(organization, ["disputes"], 2000, 2100, r)),
            [$"{nameof(FigureQueries)}.{nameof(FigureQueries.GetYearSummaryAsync)}"] = async r => Assert.All(await figures.GetYearSummaryAsync(organization, 2025, r), row => Assert.Null(row.Current)),
            [$"{nameof(FigureQueries)}.{nameof(FigureQueries.GetFigureHistoryAsync)}"] = r => Assert.ThrowsAsync<AccessDeniedException>(() => figures.GetFigureHistoryAsync(organization, indicator, 2025, r)),
            [$"{nameof(FigureQueries)}.{nameof(FigureQueries.GetRecentChangesAsync)}"] = r => Assert.ThrowsAsync<AccessDeniedException>(() => figures.GetRecentChangesAsync(organization, 10, r)),
            [$"{nameof(FigureQueries)}.{nameof(FigureQueries.GetHistoryAsync)}"] = async r => Assert.Empty(await figures.GetHistoryAsync(provisionalFigure, r)),
            [$"{nameof(ReportQueries)}.{nameof(ReportQueries.GetReportsAsync)}"] = async r => Assert.Empty(await reports.GetReportsAsync(organization, r)),
            [$"{nameof(ReportQueries)}.{nameof(ReportQueries.GetYearsAsync)}"] = async r => Assert.Empty(await reports.GetYearsAsync(organization, r)),
            [$"{nameof(ReportQueries)}.{nameof(ReportQueries.GetReportAsync)}"] = async r => Assert.Null(await reports.GetReportAsync(organization, 2025, r)),
            [$"{nameof(ReportQueries)}.{nameof(ReportQueries.GetHistoryAsync)}"] = r => Assert.ThrowsAsync<AccessDeniedException>(() => reports.GetHistoryAsync(organization, 2025, r)),
            [$"{nameof(ReportQueries)}.{nameof(ReportQueries.GetVersionAsync)}"] = r => Assert.ThrowsAsync<AccessDeniedException>(() => reports.GetVersionAsync(organization, 2025, 1, r)),
            [$"{nameof(TargetQueries)}.{nameof(TargetQueries.GetHistoryAsync)}"] = r => Assert.ThrowsAsync<AccessDeniedException>(() => targets.GetHistoryAsync(organization, 2025, r)),
            // Targets are public (the dashboard shows them to everyone): the query still asks who reads.
            [$"{nameof(TargetQueries)}.{nameof(TargetQueries.GetTargetsAsync)}"] = async r => Assert.Single(await targets.GetTargetsAsync(organization, 2025, 2025, r)),
        };
    }

    private static IEnumerable<MethodInfo> QueryMethods() =>
        QueryClasses.SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly));

    [Fact]
    public void EveryQueryRequiresAReader()
    {
        var without = QueryMethods()
            .Where(method => !method.GetParameters().Any(p => p.ParameterType == typeof(Reader) && !p.HasDefaultValue))
            .Select(method => $"{method.DeclaringType!.Name}.{method.Name}")
            .ToList();

        Assert.True(without.Count == 0, $"queries that can be called without saying who reads: {string.Join(", ", without)}");
    }

    [Fact]
    public void EveryQueryIsCheckedHere()
    {
        var queries = QueryMethods().Select(method => $"{method.DeclaringType!.Name}.{method.Name}").ToHashSet();

        Assert.Equal(queries.Order(), Cases().Keys.Order());
    }

    [EngineFact]
    public async Task AVisitorReadsNothingUnpublishedThroughAnyQuery()
    {
        foreach (var (query, check) in Cases())
        {
            var failed = await Record.ExceptionAsync(() => check(Reader.Visitor));
            Assert.True(failed is null, $"{query}: {failed?.Message}");
        }
    }

    [EngineFact]
    public async Task AUserOfAnotherOrganizationReadsNothingUnpublishedOfThisOne()
    {
        var other = await CatalogBuilder.AddOrganizationAsync(database.Db, "other", "另一街道");
        var clerk = await SignInAsync(database.Db, "其他街道文员", Role.Editor, organizationCode: "other");
        var reader = Reader.For(clerk, await new Dashboard.Data.Catalog.CatalogQueries(database.Db).GetOrganizationsAsync());
        Assert.True(reader.SeesUnpublished(other));

        foreach (var (query, check) in Cases())
        {
            var failed = await Record.ExceptionAsync(() => check(reader));
            Assert.True(failed is null, $"{query}: {failed?.Message}");
        }
    }

    [EngineFact]
    public async Task TheOrganizationsOwnUsersReadItsUnpublishedData()
    {
        var clerk = await SignInAsync(database.Db, "本街道文员", Role.Viewer, organizationCode: "test");
        var reader = Reader.For(clerk, await new Dashboard.Data.Catalog.CatalogQueries(database.Db).GetOrganizationsAsync());

        Assert.Equal(256m, (await Queries.GetFiguresAsync(organization, 2025, reader)).Single().Value);
        Assert.NotNull(await new ReportQueries(database.Db).GetReportAsync(organization, 2025, reader));
        Assert.NotEmpty(await Queries.GetFigureHistoryAsync(organization, indicator, 2025, reader));
    }
}
