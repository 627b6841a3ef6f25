using Dapper;
using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Reports;
using Dashboard.Data.Seeding;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using static Dashboard.Tests.Support.Actors;

namespace Dashboard.Tests.Data;

public class SeederTests
{
    /// <summary>The same tests on PostgreSQL.</summary>
    public sealed class OnPostgres : SeederTests, IOnPostgres
    {
        protected override DatabaseEngine Engine => DatabaseEngine.Postgres;
    }

    protected virtual DatabaseEngine Engine => DatabaseEngine.Sqlite;

    [EngineFact]
    public async Task SeedsTheRealReportWithEveryFigure()
    {
        await using var database = await TempDatabase.CreateMigratedAsync(Engine);
        var data = SeedData.Load(SeedFolder.Path);

        var result = await new Seeder(database.Db, TimeProvider.System).SeedAsync(data);

        Assert.Equal(new SeedResult(1, data.Categories.Count, data.Indicators.Count, 1, data.Figures.Count), result);
        var organization = (await new CatalogQueries(database.Db).GetOrganizationAsync("luoxing"))!;
        Assert.Equal("罗星街道", organization.Name);
        var report = (await new ReportQueries(database.Db).GetReportAsync(organization.Id, 2024, Reader.System("测试")))!;
        Assert.Equal("2024 年度法治政府建设工作情况报告", report.Title);
        Assert.Equal("2025-02", report.Published);
        Assert.Equal(SeedFolder.ReportText.ReplaceLineEndings("\n"), report.Body);
        var figures = await new FigureQueries(database.Db).GetFiguresAsync(organization.Id, 2024, Reader.System("测试"));
        Assert.Equal(data.Figures.Count, figures.Count);
        Assert.All(figures, f => Assert.Equal(FigureStatus.Published, f.Status));
    }

    [EngineFact]
    public async Task EverySeededFigureHasItsInsertInTheHistory()
    {
        await using var database = await TempDatabase.CreateSeededAsync(Engine);
        await using var connection = await database.Db.OpenAsync();

        var withoutHistory = await connection.QuerySingleAsync<int>("""
            SELECT count(*) FROM figures f
            WHERE NOT EXISTS (SELECT 1 FROM figure_history h WHERE h.figure_id = f.id AND h.action = 'Insert' AND h.changed_by = 'seed-data')
            """);
        Assert.Equal(0, withoutHistory);
    }

    [EngineFact]
    public async Task SeedingAgainChangesNothing()
    {
        await using var database = await TempDatabase.CreateSeededAsync(Engine);
        var before = await SnapshotAsync(database.Db);

        var result = await new Seeder(database.Db, TimeProvider.System).SeedAsync(SeedData.Load(SeedFolder.Path));

        Assert.False(result.ChangedAnything);
        Assert.Equal(before, await SnapshotAsync(database.Db));
    }

    [EngineFact]
    public async Task AStaffCorrectionSurvivesSeedingAgain()
    {
        await using var database = await TempDatabase.CreateSeededAsync(Engine);
        var organization = (await new CatalogQueries(database.Db).GetOrganizationAsync("luoxing"))!;
        var petitions = (await new FigureQueries(database.Db).GetFiguresAsync(organization.Id, 2024, Reader.System("测试"))).Single(f => f.IndicatorCode == "petitions_handled");
        var commands = new FigureCommands(database.Db, TimeProvider.System);
        await commands.SaveAsync(Correct(petitions, 74), Writer("张三"));

        await new Seeder(database.Db, TimeProvider.System).SeedAsync(SeedData.Load(SeedFolder.Path));

        var after = (await new FigureQueries(database.Db).GetFiguresAsync(organization.Id, 2024, Reader.System("测试"))).Single(f => f.IndicatorCode == "petitions_handled");
        Assert.Equal(74m, after.Value);
        Assert.Equal("张三", after.UpdatedBy);
    }

    [EngineFact]
    public async Task ADeletedFigureIsNotBroughtBackBySeedingAgain()
    {
        await using var database = await TempDatabase.CreateSeededAsync(Engine);
        var organization = (await new CatalogQueries(database.Db).GetOrganizationAsync("luoxing"))!;
        var figures = new FigureQueries(database.Db);
        var slogans = (await figures.GetFiguresAsync(organization.Id, 2024, Reader.System("测试"))).Single(f => f.IndicatorCode == "legal_outreach_slogans");
        await new FigureCommands(database.Db, TimeProvider.System)
            .SaveAsync(new FigureSave
            {
                OrganizationId = organization.Id, IndicatorId = slogans.IndicatorId, Year = 2024, Remove = true,
                ExpectedVersion = slogans.Version, Reason = "重复统计",
            }, Writer("张三"));

        await new Seeder(database.Db, TimeProvider.System).SeedAsync(SeedData.Load(SeedFolder.Path));

        Assert.DoesNotContain(await figures.GetFiguresAsync(organization.Id, 2024, Reader.System("测试")), f => f.IndicatorCode == "legal_outreach_slogans");
    }

    [EngineFact]
    public async Task ASeedFolderWithAnUnknownIndicatorIsRefusedWithItsName()
    {
        var folder = Directory.CreateTempSubdirectory("seed-").FullName;
        try
        {
            foreach (var file in Directory.EnumerateFiles(SeedFolder.Path, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(folder, Path.GetRelativePath(SeedFolder.Path, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
            File.AppendAllText(Path.Combine(folder, "figures.csv"), "luoxing,2024,no_such_indicator,1,Exact,Published,,\n");

            var error = Assert.Throws<SeedDataException>(() => SeedData.Load(folder));

            Assert.Contains("no_such_indicator", error.Message);
            Assert.Contains("未知的指标", error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static FigureSave Correct(Figure figure, decimal value) => new()
    {
        OrganizationId = figure.OrganizationId, IndicatorId = figure.IndicatorId, Year = figure.Year,
        Value = value, Qualifier = figure.Qualifier, Status = figure.Status, SourceText = figure.SourceText,
        Note = figure.Note, ExpectedVersion = figure.Version, Reason = "台账更正",
    };

    private static async Task<string> SnapshotAsync(DashboardDb db)
    {
        await using var connection = await db.OpenAsync();
        var rows = await connection.QueryAsync<string>("""
            SELECT 'o|' || code || '|' || name FROM organizations
            UNION ALL SELECT 'c|' || code || '|' || name FROM categories
            UNION ALL SELECT 'i|' || code || '|' || name || '|' || coalesce(CAST(parent_id AS TEXT), '') FROM indicators
            UNION ALL SELECT 'r|' || organization_id || '|' || year || '|' || length(body) || '|' || updated_at FROM reports
            UNION ALL SELECT 'f|' || indicator_id || '|' || year || '|' || value || '|' || qualifier || '|' || version FROM figures
            UNION ALL SELECT 'h|' || count(*) FROM figure_history
            """);
        return string.Join("\n", rows.Order());
    }

    [EngineFact]
    public async Task SampleFiguresKeepTheirStatusAndNeverTakeThePlaceOfAReportedFigure()
    {
        await using var database = await TempDatabase.CreateSeededAsync(Engine);
        var seed = SeedData.Load(SeedFolder.Path);
        var sample = seed.LoadSample(SeedFolder.Path).Append(new SeedFigure
        {
            Organization = "luoxing", Year = 2024, Indicator = "disputes_mediated", Value = 1, Qualifier = Qualifier.About,
            Status = FigureStatus.Sample, SourceText = "", Note = "",
        }).ToList();

        await new Seeder(database.Db, TimeProvider.System).SeedSampleAsync(sample);

        var organization = (await new CatalogQueries(database.Db).GetOrganizationAsync("luoxing"))!;
        var figures = new FigureQueries(database.Db);
        Assert.All(await figures.GetFiguresAsync(organization.Id, 2023, Reader.System("测试")), f => Assert.Equal(FigureStatus.Sample, f.Status));
        var disputes = (await figures.GetFiguresAsync(organization.Id, 2024, Reader.System("测试"))).Single(f => f.IndicatorCode == "disputes_mediated");
        Assert.Equal((811m, FigureStatus.Published), (disputes.Value, disputes.Status));
        Assert.Contains(await figures.GetFiguresAsync(organization.Id, 2021, Reader.System("测试")),
            f => f.IndicatorCode == "safety_outreach_events" && f.Qualifier == Qualifier.MoreThan);
    }
}
