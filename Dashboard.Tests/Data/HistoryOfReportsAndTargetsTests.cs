using Dapper;
using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Reports;
using Dashboard.Data.Targets;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using static Dashboard.Tests.Support.Actors;

namespace Dashboard.Tests.Data;

/// <summary>A published report or a target can no longer be rewritten leaving only "updated by" behind.</summary>
public class HistoryOfReportsAndTargetsTests : IAsyncLifetime
{
    /// <summary>The same tests on PostgreSQL.</summary>
    public sealed class OnPostgres : HistoryOfReportsAndTargetsTests, IOnPostgres
    {
        protected override DatabaseEngine Engine => DatabaseEngine.Postgres;
    }

    protected virtual DatabaseEngine Engine => DatabaseEngine.Sqlite;

    private TempDatabase database = null!;
    private long organization;

    public async Task InitializeAsync()
    {
        database = await TempDatabase.CreateSeededAsync(Engine);
        organization = (await new CatalogQueries(database.Db).GetOrganizationAsync("luoxing"))!.Id;
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [EngineFact]
    public async Task EverySaveOfAReportKeepsTheWholeReportWithItsAuthorAndReason()
    {
        var reports = new ReportQueries(database.Db);
        var commands = new ReportCommands(database.Db, TimeProvider.System);
        var seeded = (await reports.GetReportAsync(organization, 2024, Reader.System("测试")))!;

        var rewritten = (await commands.SaveAsync(new ReportSave
        {
            OrganizationId = organization, Year = 2024, Title = seeded.Title, Published = seeded.Published!, Body = "# 改写\n\n全文被改写了。",
            PersonalNames = seeded.PersonalNames, ExpectedUpdatedAt = seeded.UpdatedAt, Reason = "误操作",
        }, Writer("李四"))).Saved!;

        var history = await reports.GetHistoryAsync(organization, 2024, Reader.System("测试"));
        Assert.Equal([("李四", "误操作", (long)"# 改写\n\n全文被改写了。".Length), (Dashboard.Data.Seeding.Seeder.Author, "初始数据", (long)seeded.Body.Length)],
            history.Select(v => (v.ChangedBy, v.Reason, v.BodyLength)));
        var first = (await reports.GetVersionAsync(organization, 2024, history[1].Id, Reader.System("测试")))!;
        Assert.Equal(seeded.Body, first.Body);
        Assert.Null(await reports.GetVersionAsync(organization, 2023, history[1].Id, Reader.System("测试")));   // a version of another report is not this one's

        // Bringing the first version back is a save like any other, and becomes the newest version.
        await commands.SaveAsync(new ReportSave
        {
            OrganizationId = organization, Year = 2024, Title = first.Title, Published = first.Published!, Body = first.Body,
            PersonalNames = first.PersonalNames, ExpectedUpdatedAt = rewritten.UpdatedAt, Reason = "恢复",
        }, Writer("王五"));
        Assert.Equal(seeded.Body, (await reports.GetReportAsync(organization, 2024, Reader.System("测试")))!.Body);
        Assert.Equal(3, (await reports.GetHistoryAsync(organization, 2024, Reader.System("测试"))).Count);
    }

    [EngineFact]
    public async Task ADatabaseFromBeforeTheHistoryKeepsItsReportsAsTheirFirstVersion()
    {
        await using var connection = await database.Db.OpenAsync();
        // As the migration found it: reports, no history yet.
        await connection.ExecuteAsync("DELETE FROM report_history");
        await connection.ExecuteAsync((await File.ReadAllTextAsync(Path.Combine(RepositoryFolder(), "Dashboard.Data", "Schema", "Sqlite", "0006_report_and_target_history.sql")))
            .Split("-- The reports as they stand are their first known version.")[1].Split("-- Every target")[0]);

        var history = await new ReportQueries(database.Db).GetHistoryAsync(organization, 2024, Reader.System("测试"));

        Assert.Equal(Dashboard.Data.Seeding.Seeder.Author, Assert.Single(history).ChangedBy);
    }

    [EngineFact]
    public async Task EveryTargetSetChangedOrRemovedIsRecordedAndAnUnchangedOneIsNot()
    {
        var commands = new TargetCommands(database.Db, TimeProvider.System);
        var indicator = (await new CatalogQueries(database.Db).GetIndicatorAsync("mediation_success_rate"))!.Id;

        var at95 = new TargetState { Comparator = Comparator.GreaterOrEqual, Value = 95 };
        var at98 = at95 with { Value = 98 };
        Assert.Empty(await commands.SetTargetsAsync(organization, 2024, [new TargetSave(indicator, Comparator.GreaterOrEqual, 95, null)], Writer("李四")));
        Assert.Empty(await commands.SetTargetsAsync(organization, 2024, [new TargetSave(indicator, Comparator.GreaterOrEqual, 95, at95)], Writer("李四")));
        Assert.Empty(await commands.SetTargetsAsync(organization, 2024, [new TargetSave(indicator, Comparator.GreaterOrEqual, 98, at95)], Writer("王五")));
        Assert.Empty(await commands.SetTargetsAsync(organization, 2024, [new TargetSave(indicator, Comparator.GreaterOrEqual, null, at98)], Writer("赵六")));

        var history = await new TargetQueries(database.Db).GetHistoryAsync(organization, 2024, Reader.System("测试"));
        Assert.Equal(
            [("赵六", (decimal?)98, (decimal?)null), ("王五", 95, 98), ("李四", null, 95)],
            history.Select(c => (c.ChangedBy, c.OldValue, c.NewValue)));
    }

    [EngineFact]
    public async Task ATargetChangedByAnotherEditorMeanwhileIsNotOverwrittenAndNothingOfTheSaveIsStored()
    {
        var commands = new TargetCommands(database.Db, TimeProvider.System);
        var catalog = new CatalogQueries(database.Db);
        var rate = (await catalog.GetIndicatorAsync("mediation_success_rate"))!.Id;
        var petitions = (await catalog.GetIndicatorAsync("petitions_handled"))!.Id;
        // Both editors opened the page with no targets; 王五 saves first.
        Assert.Empty(await commands.SetTargetsAsync(organization, 2024, [new TargetSave(rate, Comparator.GreaterOrEqual, 98, null)], Writer("王五")));

        var problems = await commands.SetTargetsAsync(organization, 2024,
            [new TargetSave(petitions, Comparator.LessOrEqual, 60, null), new TargetSave(rate, Comparator.GreaterOrEqual, 95, null)], Writer("李四"));

        Assert.Equal("此目标在您打开页面后已被他人改为≥98%，未保存（见修改记录）。", Assert.Single(problems, p => p.Key == rate).Value);
        Assert.Single(problems);
        var targets = await new TargetQueries(database.Db).GetTargetsAsync(organization, 2024, 2024, Reader.System("测试"));
        Assert.Equal(98, Assert.Single(targets).Value);   // 王五's stands; 李四's other target was not saved either
        Assert.Equal("王五", Assert.Single(await new TargetQueries(database.Db).GetHistoryAsync(organization, 2024, Reader.System("测试"))).ChangedBy);

        // Having seen it, 李四 saves over it: that is a change like any other.
        var seen = new TargetState { Comparator = Comparator.GreaterOrEqual, Value = 98 };
        Assert.Empty(await commands.SetTargetsAsync(organization, 2024, [new TargetSave(rate, Comparator.GreaterOrEqual, 95, seen)], Writer("李四")));
        Assert.Equal(95, Assert.Single(await new TargetQueries(database.Db).GetTargetsAsync(organization, 2024, 2024, Reader.System("测试"))).Value);
    }

    [EngineFact]
    public async Task ATargetRemovedByAnotherEditorMeanwhileIsNotSetAgainUnseen()
    {
        var commands = new TargetCommands(database.Db, TimeProvider.System);
        var rate = (await new CatalogQueries(database.Db).GetIndicatorAsync("mediation_success_rate"))!.Id;
        var at98 = new TargetState { Comparator = Comparator.GreaterOrEqual, Value = 98 };
        Assert.Empty(await commands.SetTargetsAsync(organization, 2024, [new TargetSave(rate, Comparator.GreaterOrEqual, 98, null)], Writer("王五")));
        Assert.Empty(await commands.SetTargetsAsync(organization, 2024, [new TargetSave(rate, Comparator.GreaterOrEqual, null, at98)], Writer("王五")));

        var problems = await commands.SetTargetsAsync(organization, 2024, [new TargetSave(rate, Comparator.GreaterOrEqual, 99, at98)], Writer("李四"));

        Assert.Equal("此目标在您打开页面后已被他人取消，未保存（见修改记录）。", problems[rate]);
        Assert.Empty(await new TargetQueries(database.Db).GetTargetsAsync(organization, 2024, 2024, Reader.System("测试")));
    }

    private static string RepositoryFolder()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder!.FullName, "Dashboard.sln"))) folder = folder.Parent;
        return folder.FullName;
    }
}
