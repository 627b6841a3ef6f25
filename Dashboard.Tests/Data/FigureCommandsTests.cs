using Dapper;
using Dashboard.Data;
using Dashboard.Data.Figures;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static Dashboard.Tests.Support.Actors;

namespace Dashboard.Tests.Data;

public class FigureCommandsTests : IAsyncLifetime
{
    /// <summary>The same tests on PostgreSQL.</summary>
    public sealed class OnPostgres : FigureCommandsTests, IOnPostgres
    {
        protected override DatabaseEngine Engine => DatabaseEngine.Postgres;
    }

    protected virtual DatabaseEngine Engine => DatabaseEngine.Sqlite;

    private static readonly DateTimeOffset Noon = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private TempDatabase database = null!;
    private FigureCommands commands = null!;
    private FigureQueries queries = null!;
    private long organization;
    private long petitions;
    private long cases;

    public async Task InitializeAsync()
    {
        database = await TempDatabase.CreateMigratedAsync(Engine);
        commands = new FigureCommands(database.Db, new FakeTimeProvider(Noon));
        queries = new FigureQueries(database.Db);
        organization = await CatalogBuilder.AddOrganizationAsync(database.Db);
        petitions = await CatalogBuilder.AddIndicatorAsync(database.Db, "petitions");
        cases = await CatalogBuilder.AddIndicatorAsync(database.Db, "cases");
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [EngineFact]
    public async Task AnInsertWritesTheFigureAndItsHistory()
    {
        var result = await commands.SaveAsync(New(petitions, 73) with { SourceText = "处理信访事件73件", Note = "台账" }, Writer("李四"));

        var figure = Assert.Single(result.Saved);
        Assert.Equal((73m, 1L, "李四", Noon, "处理信访事件73件", "台账"),
            (figure.Value, figure.Version, figure.UpdatedBy, figure.UpdatedAt, figure.SourceText, figure.Note));
        var entry = Assert.Single(await queries.GetHistoryAsync(figure.Id, Reader.System("测试")));
        Assert.Equal((HistoryAction.Insert, (decimal?)null, (decimal?)73m, "李四", Noon, 1L),
            (entry.Action, entry.OldValue, entry.NewValue, entry.ChangedBy, entry.ChangedAt, entry.Version));
    }

    [EngineFact]
    public async Task AnUpdateBumpsTheVersionAndRecordsOldAndNewWithTheReason()
    {
        var inserted = (await commands.SaveAsync(New(petitions, 73), Writer("李四"))).Saved[0];

        var result = await commands.SaveAsync(New(petitions, 75) with
        {
            Qualifier = Qualifier.MoreThan, Status = FigureStatus.Provisional, ExpectedVersion = inserted.Version, Reason = "补录两件",
        }, Writer("王五"));

        var updated = Assert.Single(result.Saved);
        Assert.Equal((75m, Qualifier.MoreThan, FigureStatus.Provisional, 2L), (updated.Value, updated.Qualifier, updated.Status, updated.Version));
        var entry = (await queries.GetHistoryAsync(updated.Id, Reader.System("测试")))[^1];
        Assert.Equal(
            (HistoryAction.Update, (decimal?)73m, (decimal?)75m, (Qualifier?)Qualifier.Exact, (Qualifier?)Qualifier.MoreThan,
             (FigureStatus?)FigureStatus.Published, (FigureStatus?)FigureStatus.Provisional, "王五", "补录两件"),
            (entry.Action, entry.OldValue, entry.NewValue, entry.OldQualifier, entry.NewQualifier, entry.OldStatus, entry.NewStatus,
             entry.ChangedBy, entry.Reason));
    }

    [EngineFact]
    public async Task AChangedNoteOrReportWordsAreKeptInTheHistoryBeforeAndAfter()
    {
        var inserted = (await commands.SaveAsync(New(petitions, 73) with { SourceText = "处理信访事件73件", Note = "台账" }, Writer("李四"))).Saved[0];

        var result = await commands.SaveAsync(New(petitions, 73) with
        {
            SourceText = "全年处理信访事件73件", Note = "=HYPERLINK(\"http://evil.example/\")", ExpectedVersion = inserted.Version, Reason = "补备注",
        }, Writer("王五"));

        var entry = (await queries.GetHistoryAsync(result.Saved[0].Id, Reader.System("测试")))[^1];
        Assert.Equal(("台账", "=HYPERLINK(\"http://evil.example/\")", "处理信访事件73件", "全年处理信访事件73件"),
            (entry.OldNote, entry.NewNote, entry.OldSourceText, entry.NewSourceText));
        Assert.Equal(((decimal?)73m, (decimal?)73m, "王五", "补备注"), (entry.OldValue, entry.NewValue, entry.ChangedBy, entry.Reason));
    }

    [EngineFact]
    public async Task ASaveFromAStaleVersionIsRefusedAndShowsTheCurrentFigure()
    {
        var inserted = (await commands.SaveAsync(New(petitions, 73), Writer("李四"))).Saved[0];
        await commands.SaveAsync(New(petitions, 74) with { ExpectedVersion = inserted.Version, Reason = "补录" }, Writer("王五"));

        var result = await commands.SaveAsync(New(petitions, 80) with { ExpectedVersion = inserted.Version }, Writer("李四"));

        Assert.False(result.Succeeded);
        var conflict = Assert.Single(result.Conflicts);
        Assert.Equal((74m, "王五", 2L), (conflict.Current!.Value, conflict.Current.UpdatedBy, conflict.Current.Version));
        Assert.Equal(80m, conflict.Attempted.Value);
        Assert.Equal(74m, (await queries.GetFiguresAsync(organization, 2024, Reader.System("测试"))).Single().Value);
        Assert.Equal(2, (await queries.GetHistoryAsync(inserted.Id, Reader.System("测试"))).Count);
    }

    [EngineFact]
    public async Task InsertingAFigureThatSomeoneElseJustAddedIsAConflict()
    {
        await commands.SaveAsync(New(petitions, 73), Writer("李四"));

        var result = await commands.SaveAsync(New(petitions, 70), Writer("王五"));

        Assert.Equal(73m, Assert.Single(result.Conflicts).Current!.Value);
    }

    [EngineFact]
    public async Task ABatchWithOneConflictSavesNothing()
    {
        await commands.SaveAsync(New(cases, 10), Writer("李四"));

        var result = await commands.SaveBatchAsync([New(petitions, 73), New(cases, 12)], Writer("王五"));

        Assert.False(result.Succeeded);
        Assert.Empty(result.Saved);
        var figures = await queries.GetFiguresAsync(organization, 2024, Reader.System("测试"));
        Assert.Equal([("cases", 10m)], figures.Select(f => (f.IndicatorCode, f.Value)));
        Assert.Equal(1, await CountAsync("figure_history"));
    }

    [EngineFact]
    public async Task AFailureWhileWritingTheHistoryLeavesTheFigureAsItWas()
    {
        var inserted = (await commands.SaveAsync(New(petitions, 73), Writer("李四"))).Saved[0];
        await using (var connection = await database.Db.OpenAsync())
        {
            // The figure's UPDATE has run when the history row fails: the transaction must undo it.
            await connection.ExecuteAsync(Engine == DatabaseEngine.Sqlite
                ? """
                  CREATE TRIGGER fail_history BEFORE INSERT ON figure_history
                  BEGIN SELECT RAISE(ABORT, 'disk full'); END
                  """
                : """
                  CREATE FUNCTION fail_history() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$;
                  CREATE TRIGGER fail_history BEFORE INSERT ON figure_history FOR EACH ROW EXECUTE FUNCTION fail_history();
                  """);
        }

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            commands.SaveAsync(New(petitions, 99) with { ExpectedVersion = inserted.Version, Reason = "更正" }, Writer("王五")));

        var figure = (await queries.GetFiguresAsync(organization, 2024, Reader.System("测试"))).Single();
        Assert.Equal((73m, 1L, "李四"), (figure.Value, figure.Version, figure.UpdatedBy));
        Assert.Equal(1, await CountAsync("figure_history"));
    }

    [EngineFact]
    public async Task ADeleteRemovesTheFigureAndKeepsItsHistory()
    {
        var inserted = (await commands.SaveAsync(New(petitions, 73), Writer("李四"))).Saved[0];

        var result = await commands.SaveAsync(New(petitions, 0) with { Remove = true, ExpectedVersion = inserted.Version, Reason = "录入错误" }, Writer("王五"));

        Assert.True(result.Succeeded);
        Assert.Empty(await queries.GetFiguresAsync(organization, 2024, Reader.System("测试")));
        var history = await queries.GetHistoryAsync(inserted.Id, Reader.System("测试"));
        Assert.Equal([HistoryAction.Insert, HistoryAction.Delete], history.Select(h => h.Action));
        Assert.Equal(((decimal?)73m, (decimal?)null, "录入错误"), (history[1].OldValue, history[1].NewValue, history[1].Reason));
    }

    [EngineFact]
    public async Task ADeleteFromAStaleVersionIsRefused()
    {
        var inserted = (await commands.SaveAsync(New(petitions, 73), Writer("李四"))).Saved[0];
        await commands.SaveAsync(New(petitions, 74) with { ExpectedVersion = inserted.Version, Reason = "补录" }, Writer("王五"));

        var result = await commands.SaveAsync(New(petitions, 0) with { Remove = true, ExpectedVersion = inserted.Version, Reason = "重复" }, Writer("李四"));

        Assert.Equal(74m, Assert.Single(result.Conflicts).Current!.Value);
        Assert.Single(await queries.GetFiguresAsync(organization, 2024, Reader.System("测试")));
    }

    public static TheoryData<Qualifier, FigureStatus> EveryQualifierAndStatus()
    {
        var data = new TheoryData<Qualifier, FigureStatus>();
        // Sample figures come only from the sample loader (SeederTests); an editor saves provisional or published ones.
        foreach (var qualifier in Enum.GetValues<Qualifier>())
            foreach (var status in new[] { FigureStatus.Published, FigureStatus.Provisional })
                data.Add(qualifier, status);
        return data;
    }

    [EngineTheory]
    [MemberData(nameof(EveryQualifierAndStatus))]
    public async Task QualifierAndStatusRoundTrip(Qualifier qualifier, FigureStatus status)
    {
        await commands.SaveAsync(New(petitions, 23000) with { Qualifier = qualifier, Status = status }, Writer("李四"));

        var figure = (await queries.GetFiguresAsync(organization, 2024, Reader.System("测试"))).Single();
        Assert.Equal((23000m, qualifier, status), (figure.Value, figure.Qualifier, figure.Status));
    }

    [EngineFact]
    public async Task ARateKeepsItsDecimals()
    {
        var rate = await CatalogBuilder.AddIndicatorAsync(database.Db, "rate", IndicatorKind.Rate, "%");
        await commands.SaveAsync(New(rate, 98.75m), Writer("李四"));

        Assert.Equal(98.75m, (await queries.GetFiguresAsync(organization, 2024, Reader.System("测试"))).Single().Value);
    }

    private FigureSave New(long indicator, decimal value) => new()
    {
        OrganizationId = organization, IndicatorId = indicator, Year = 2024, Value = value,
        Qualifier = Qualifier.Exact, Status = FigureStatus.Published,
    };

    private async Task<int> CountAsync(string table)
    {
        await using var connection = await database.Db.OpenAsync();
        return await connection.QuerySingleAsync<int>($"SELECT count(*) FROM {table}");
    }

    [EngineFact]
    public async Task AnEditorCannotSaveASampleFigure()
    {
        var result = await commands.SaveAsync(New(petitions, 5) with { Status = FigureStatus.Sample }, Writer("李四"));

        Assert.Contains("不能把数据保存为示例数据", Assert.Single(result.Problems).Message);
        Assert.Empty(await queries.GetFiguresAsync(organization, 2024, Reader.System("测试")));
    }
}
