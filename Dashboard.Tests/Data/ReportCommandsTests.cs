using Dashboard.Data;
using Dashboard.Data.Reports;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using static Dashboard.Tests.Support.Actors;

namespace Dashboard.Tests.Data;

public class ReportCommandsTests : IAsyncLifetime
{
    /// <summary>The same tests on PostgreSQL.</summary>
    public sealed class OnPostgres : ReportCommandsTests, IOnPostgres
    {
        protected override DatabaseEngine Engine => DatabaseEngine.Postgres;
    }

    protected virtual DatabaseEngine Engine => DatabaseEngine.Sqlite;

    private TempDatabase database = null!;
    private ReportCommands commands = null!;
    private long organization;

    public async Task InitializeAsync()
    {
        database = await TempDatabase.CreateMigratedAsync(Engine);
        commands = new ReportCommands(database.Db, TimeProvider.System);
        organization = await CatalogBuilder.AddOrganizationAsync(database.Db);
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [EngineFact]
    public async Task SavesADraftAndThenItsPublishedVersion()
    {
        var draft = await commands.SaveAsync(new ReportSave { OrganizationId = organization, Year = 2025, Title = "2025 年度报告", Body = "# 标题\n\n正文。" }, Writer("李四"));
        var published = await commands.SaveAsync(new ReportSave
        {
            OrganizationId = organization, Year = 2025, Title = "2025 年度报告", Published = "2026-02", Body = "# 标题\n\n正文。",
            ExpectedUpdatedAt = draft.Saved!.UpdatedAt,
        }, Writer("王五"));

        Assert.Null(draft.Saved.Published);
        Assert.Equal(("2026-02", "王五"), (published.Saved!.Published, published.Saved.UpdatedBy));
        Assert.Null(await new ReportQueries(database.Db).GetReportAsync(organization, 2024, Reader.Visitor));
    }

    [EngineFact]
    public async Task ThePersonalNamesOfAReportAreSavedOnceEachAndNonsenseIsRefused()
    {
        var saved = await commands.SaveAsync(new ReportSave { OrganizationId = organization, Year = 2025, Title = "报告", Body = "任建新", PersonalNames = "任建新，陈兴 任建新" }, Writer("李四"));
        var refused = await commands.SaveAsync(new ReportSave
        {
            OrganizationId = organization, Year = 2025, Title = "报告", Body = "任建新", PersonalNames = "任", ExpectedUpdatedAt = saved.Saved!.UpdatedAt,
        }, Writer("李四"));

        Assert.Equal("任建新、陈兴", saved.Saved.PersonalNames);
        Assert.Contains(refused.Problems, p => p.Contains("不像一个人名"));
        Assert.Equal("任建新、陈兴", (await new ReportQueries(database.Db).GetReportAsync(organization, 2025, Reader.System("测试")))!.PersonalNames);
    }

    [EngineFact]
    public async Task ASaveFromAStaleCopyIsRefusedAndShowsWhoSavedMeanwhile()
    {
        var first = (await commands.SaveAsync(new ReportSave { OrganizationId = organization, Year = 2025, Title = "报告", Body = "一" }, Writer("李四"))).Saved!;
        await commands.SaveAsync(new ReportSave { OrganizationId = organization, Year = 2025, Title = "报告", Body = "二", ExpectedUpdatedAt = first.UpdatedAt }, Writer("王五"));

        var stale = await commands.SaveAsync(new ReportSave { OrganizationId = organization, Year = 2025, Title = "报告", Body = "三", ExpectedUpdatedAt = first.UpdatedAt }, Writer("李四"));

        Assert.False(stale.Succeeded);
        Assert.Equal(("王五", "二"), (stale.Conflict!.UpdatedBy, stale.Conflict.Body));
    }

    [EngineTheory]
    [InlineData("", "正文", "", "请填写报告标题")]
    [InlineData("报告", "正文", "2025年2月", "发布日期请写成")]
    [InlineData("报告", "正文\u0001", "", "不可见的字符（U+0001）")]
    [InlineData("报告", "正文\n\n第二段\u200b", "", "正文含有不可见的字符（U+200B，第 3 行）")]
    [InlineData("报告\u202e", "正文", "", "标题含有不可见的字符（U+202E）")]
    public async Task RefusesWhatBreaksTheRules(string title, string body, string published, string message)
    {
        var result = await commands.SaveAsync(new ReportSave { OrganizationId = organization, Year = 2025, Title = title, Body = body, Published = published }, Writer("李四"));

        Assert.Contains(result.Problems, p => p.Contains(message));
        Assert.Null(await new ReportQueries(database.Db).GetReportAsync(organization, 2025, Reader.System("测试")));
    }

    [EngineTheory]
    [InlineData(">")]
    [InlineData("- ")]
    [InlineData("1. ")]
    public async Task RefusesTextNestedDeeperThanAnyReportWithAMessageInChinese(string marker)
    {
        var result = await commands.SaveAsync(new ReportSave
        {
            OrganizationId = organization, Year = 2025, Title = "报告", Body = "# 标题\n\n" + string.Concat(Enumerable.Repeat(marker, 200)) + "一段话",
        }, Writer("李四"));

        Assert.Contains(result.Problems, p => p.Contains("层级嵌套过深"));
        Assert.Null(await new ReportQueries(database.Db).GetReportAsync(organization, 2025, Reader.System("测试")));
    }

    [EngineFact]
    public async Task ABodyThatDidNotArriveWholeIsRefusedAndOneThatDidIsStoredExactly()
    {
        var body = LongReport.Write(30_000);
        var cut = await commands.SaveAsync(new ReportSave
        {
            OrganizationId = organization, Year = 2025, Title = "报告", Body = body[..20_000], BodyLength = body.Length, BodyChecksum = ReportText.Checksum(body),
        }, Writer("李四"));
        var whole = await commands.SaveAsync(new ReportSave
        {
            OrganizationId = organization, Year = 2025, Title = "报告", Body = body.Replace("\n", "\r\n"), BodyLength = body.Length, BodyChecksum = ReportText.Checksum(body),
        }, Writer("李四"));

        Assert.Contains(cut.Problems, p => p.Contains("没有完整送达服务器（收到 20,000 字，编辑器中为 30,000 字）"));
        Assert.True(whole.Succeeded);
        Assert.Equal(body, (await new ReportQueries(database.Db).GetReportAsync(organization, 2025, Reader.System("测试")))!.Body);
    }
}
