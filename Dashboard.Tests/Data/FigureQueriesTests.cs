using Dashboard.Data;
using Dashboard.Data.Figures;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using static Dashboard.Tests.Support.Actors;

namespace Dashboard.Tests.Data;

/// <summary>Queries over several years of figures built here: exact, approximate, provisional and missing.</summary>
public class FigureQueriesTests : IAsyncLifetime
{
    /// <summary>The same tests on PostgreSQL.</summary>
    public sealed class OnPostgres : FigureQueriesTests, IOnPostgres
    {
        protected override DatabaseEngine Engine => DatabaseEngine.Postgres;
    }

    protected virtual DatabaseEngine Engine => DatabaseEngine.Sqlite;

    private TempDatabase database = null!;
    private long organization;
    private long disputes;
    private long successRate;
    private long outreach;
    private long coverage;

    public async Task InitializeAsync()
    {
        database = await TempDatabase.CreateMigratedAsync(Engine);
        organization = await CatalogBuilder.AddOrganizationAsync(database.Db);
        disputes = await CatalogBuilder.AddIndicatorAsync(database.Db, "disputes");
        successRate = await CatalogBuilder.AddIndicatorAsync(database.Db, "success_rate", IndicatorKind.Rate, "%", Direction.HigherBetter);
        outreach = await CatalogBuilder.AddIndicatorAsync(database.Db, "outreach", unit: "场");
        coverage = await CatalogBuilder.AddIndicatorAsync(database.Db, "coverage", IndicatorKind.Flag, "", Direction.TargetFull);

        // 2022 is missing for disputes; 2023 outreach is approximate; 2024 success rate is provisional.
        await SaveAsync(disputes, 2021, 700);
        await SaveAsync(disputes, 2023, 800);
        await SaveAsync(disputes, 2024, 811);
        await SaveAsync(successRate, 2023, 98.5m);
        await SaveAsync(successRate, 2024, 100);
        await SaveAsync(successRate, 2025, 99, status: FigureStatus.Provisional);
        await SaveAsync(outreach, 2023, 500, Qualifier.MoreThan);
        await SaveAsync(outreach, 2024, 524, Qualifier.MoreThan);
        await SaveAsync(coverage, 2023, 0);
        await SaveAsync(coverage, 2024, 1);
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [EngineFact]
    public async Task ASeriesLeavesAMissingYearOutInsteadOfMakingItZero()
    {
        var series = await Queries.GetSeriesAsync(organization, ["disputes"], 2020, 2024, Reader.System("测试"));

        Assert.Equal([(2021, 700m), (2023, 800m), (2024, 811m)], series.Select(p => (p.Year, p.Value)));
    }

    [EngineFact]
    public async Task ASeriesKeepsQualifierAndStatusAndStaysWithinTheYears()
    {
        var series = await Queries.GetSeriesAsync(organization, ["outreach", "success_rate"], 2023, 2024, Reader.System("测试"));

        Assert.Equal(
            [("outreach", 2023, Qualifier.MoreThan), ("outreach", 2024, Qualifier.MoreThan),
             ("success_rate", 2023, Qualifier.Exact), ("success_rate", 2024, Qualifier.Exact)],
            series.Select(p => (p.IndicatorCode, p.Year, p.Qualifier)));
        Assert.All(series, p => Assert.Equal(FigureStatus.Published, p.Status));
    }

    [EngineFact]
    public async Task TheYearsWithFiguresComeLatestFirst()
    {
        Assert.Equal([2025, 2024, 2023, 2021], await Queries.GetYearsAsync(organization, Reader.System("测试")));
    }

    [EngineFact]
    public async Task ASummaryGivesTheAbsoluteAndRelativeChangeOfACount()
    {
        var row = await SummaryRowAsync(2024, "disputes");

        Assert.Equal(811m, row.Current!.Value);
        Assert.Equal(800m, row.Previous!.Value);
        Assert.Equal(new YearChange(Comparability.Comparable, 11m, 11m / 800m, InPercentagePoints: false), row.Change);
    }

    [EngineFact]
    public async Task ARateChangesInPercentagePointsWithoutARelativeChange()
    {
        var row = await SummaryRowAsync(2024, "success_rate");

        Assert.Equal(new YearChange(Comparability.Comparable, 1.5m, null, InPercentagePoints: true), row.Change);
    }

    [EngineFact]
    public async Task ApproximateFiguresAreNotComparable()
    {
        var row = await SummaryRowAsync(2024, "outreach");

        Assert.Equal((524m, Qualifier.MoreThan), (row.Current!.Value, row.Current.Qualifier));
        Assert.Equal(Comparability.Approximate, row.Change.Comparability);
        Assert.Null(row.Change.Absolute);
    }

    [EngineFact]
    public async Task AProvisionalFigureIsComparedAndMarkedProvisional()
    {
        var row = await SummaryRowAsync(2025, "success_rate");

        Assert.Equal(FigureStatus.Provisional, row.Current!.Status);
        Assert.Equal(Comparability.Comparable, row.Change.Comparability);
        Assert.True(row.Change.Provisional);
        Assert.NotNull(row.Change.Absolute);
    }

    [EngineFact]
    public async Task AMissingPreviousYearIsNotComparable()
    {
        var row = await SummaryRowAsync(2023, "disputes");

        Assert.Null(row.Previous);
        Assert.Equal(Comparability.Missing, row.Change.Comparability);
    }

    [EngineFact]
    public async Task AYesNoIndicatorHasNoAmountOfChange()
    {
        var row = await SummaryRowAsync(2024, "coverage");

        Assert.Equal(Comparability.NotApplicable, row.Change.Comparability);
    }

    [EngineFact]
    public async Task ASummaryListsEveryIndicatorIncludingThoseWithoutAFigureThatYear()
    {
        var summary = await Queries.GetYearSummaryAsync(organization, 2025, Reader.System("测试"));

        Assert.Equal(["disputes", "success_rate", "outreach", "coverage"], summary.Select(r => r.Indicator.Code));
        Assert.Null(summary.Single(r => r.Indicator.Code == "disputes").Current);
        Assert.Equal(Comparability.Missing, summary.Single(r => r.Indicator.Code == "disputes").Change.Comparability);
    }

    private FigureQueries Queries => new(database.Db);

    private async Task<YearSummaryRow> SummaryRowAsync(int year, string code) =>
        (await Queries.GetYearSummaryAsync(organization, year, Reader.System("测试"))).Single(r => r.Indicator.Code == code);

    private async Task SaveAsync(long indicator, int year, decimal value, Qualifier qualifier = Qualifier.Exact, FigureStatus status = FigureStatus.Published)
    {
        var result = await new FigureCommands(database.Db, TimeProvider.System).SaveAsync(new FigureSave
        {
            OrganizationId = organization, IndicatorId = indicator, Year = year, Value = value, Qualifier = qualifier, Status = status,
        }, Writer("test"));
        Assert.True(result.Succeeded);
    }
}
