using Dashboard.Data;
using Dashboard.Data.Figures;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using static Dashboard.Tests.Support.Actors;

namespace Dashboard.Tests.Data;

/// <summary>The save rules, run by the data layer whatever the browser sent.</summary>
public class FigureValidationTests : IAsyncLifetime
{
    /// <summary>The same tests on PostgreSQL.</summary>
    public sealed class OnPostgres : FigureValidationTests, IOnPostgres
    {
        protected override DatabaseEngine Engine => DatabaseEngine.Postgres;
    }

    protected virtual DatabaseEngine Engine => DatabaseEngine.Sqlite;

    private TempDatabase database = null!;
    private FigureCommands commands = null!;
    private long organization;
    private long cases;
    private long rate;
    private long flag;
    private long litigation;
    private long firstInstance;
    private long secondInstance;

    public async Task InitializeAsync()
    {
        database = await TempDatabase.CreateMigratedAsync(Engine);
        commands = new FigureCommands(database.Db, TimeProvider.System);
        organization = await CatalogBuilder.AddOrganizationAsync(database.Db);
        cases = await CatalogBuilder.AddIndicatorAsync(database.Db, "cases");
        rate = await CatalogBuilder.AddIndicatorAsync(database.Db, "rate", IndicatorKind.Rate, "%");
        flag = await CatalogBuilder.AddIndicatorAsync(database.Db, "flag", IndicatorKind.Flag, "");
        litigation = await CatalogBuilder.AddIndicatorAsync(database.Db, "litigation");
        firstInstance = await CatalogBuilder.AddIndicatorAsync(database.Db, "first", parent: "litigation");
        secondInstance = await CatalogBuilder.AddIndicatorAsync(database.Db, "second", parent: "litigation");
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [EngineTheory]
    [InlineData("cases", -1, "数值不能为负数")]
    [InlineData("cases", 2.5, "应为整数")]
    [InlineData("cases", 1e9, "数值过大")]
    [InlineData("rate", 100.5, "比率应在 0 到 100 之间")]
    [InlineData("rate", 99.125, "最多保留两位小数")]
    [InlineData("flag", 2, "只能填 1（是）或 0（否）")]
    public async Task RejectsAValueThatDoesNotFitTheIndicator(string indicator, double value, string message)
    {
        var id = indicator switch { "cases" => cases, "rate" => rate, _ => flag };

        var result = await commands.SaveAsync(New(id, (decimal)value), Writer("李四"));

        Assert.Contains(message, Assert.Single(result.Problems).Message);
        Assert.Empty(await FiguresAsync());
    }

    [EngineTheory]
    [InlineData("rate", 99.75)]
    [InlineData("rate", 0)]
    [InlineData("flag", 1)]
    [InlineData("cases", 23000)]
    public async Task AcceptsAValueThatFits(string indicator, double value)
    {
        var id = indicator switch { "cases" => cases, "rate" => rate, _ => flag };

        var result = await commands.SaveAsync(New(id, (decimal)value), Writer("李四"));

        Assert.True(result.Succeeded);
    }

    [EngineFact]
    public async Task ChangingAPublishedFigureNeedsAReason()
    {
        var published = (await commands.SaveAsync(New(cases, 7) with { Status = FigureStatus.Published }, Writer("李四"))).Saved[0];

        var withoutReason = await commands.SaveAsync(New(cases, 8) with { ExpectedVersion = published.Version }, Writer("王五"));
        var withReason = await commands.SaveAsync(New(cases, 8) with { ExpectedVersion = published.Version, Reason = "补录一件" }, Writer("王五"));

        Assert.Contains("修改已发布的数据必须填写原因", Assert.Single(withoutReason.Problems).Message);
        Assert.True(withReason.Succeeded);
    }

    [EngineFact]
    public async Task RemovingAPublishedFigureNeedsAReason()
    {
        var published = (await commands.SaveAsync(New(cases, 7) with { Status = FigureStatus.Published }, Writer("李四"))).Saved[0];

        var result = await commands.SaveAsync(New(cases, 0) with { Remove = true, ExpectedVersion = published.Version }, Writer("王五"));

        Assert.Contains("必须填写原因", Assert.Single(result.Problems).Message);
        Assert.Single(await FiguresAsync());
    }

    [EngineFact]
    public async Task PartsAddingUpToMoreThanTheirTotalAreSavedOnlyWithAReason()
    {
        FigureSave[] batch = [New(litigation, 10), New(firstInstance, 6), New(secondInstance, 5)];

        var withoutReason = await commands.SaveBatchAsync(batch, Writer("李四"));
        var withReason = await commands.SaveBatchAsync([.. batch.Select(s => s with { Reason = "二审含往年案件" })], Writer("李四"));

        Assert.Contains(withoutReason.Problems, p => p.Message.Contains("分项之和（11）超过总数（10）"));
        Assert.True(withReason.Succeeded);
    }

    [EngineFact]
    public async Task TextFieldsHaveLimitsAndNoInvisibleCharacters()
    {
        var tooLong = await commands.SaveAsync(New(cases, 1) with { Note = new string('注', FigureValidator.MaxNoteLength + 1) }, Writer("李四"));
        var control = await commands.SaveAsync(New(cases, 1) with { Note = "备注\u0000" }, Writer("李四"));
        var zeroWidth = await commands.SaveAsync(New(cases, 1) with { Reason = "核对\u200b台账" }, Writer("李四"));
        var override_ = await commands.SaveAsync(New(cases, 1) with { Note = "\u202e注备" }, Writer("李四"));

        Assert.Contains("备注不能超过", Assert.Single(tooLong.Problems).Message);
        Assert.Equal("备注含有不可见的字符（U+0000），请删除后再保存。", Assert.Single(control.Problems).Message);
        Assert.Equal("修改原因含有不可见的字符（U+200B），请删除后再保存。", Assert.Single(zeroWidth.Problems).Message);
        Assert.Contains("U+202E", Assert.Single(override_.Problems).Message);
        Assert.Empty(await FiguresAsync());
    }

    [EngineFact]
    public async Task ForgedIdsAreRefusedWithAMessage()
    {
        var unknownIndicator = await commands.SaveAsync(New(cases, 1) with { IndicatorId = 9999 }, Writer("李四"));
        var unknownOrganization = await commands.SaveAsync(New(cases, 1) with { OrganizationId = 9999 }, Writer("李四"));
        var undefinedQualifier = await commands.SaveAsync(New(cases, 1) with { Qualifier = (Qualifier)42 }, Writer("李四"));

        Assert.Contains("指标不存在", Assert.Single(unknownIndicator.Problems).Message);
        Assert.Contains("单位不存在", Assert.Single(unknownOrganization.Problems).Message);
        Assert.Contains("数值写法不正确", Assert.Single(undefinedQualifier.Problems).Message);
    }

    [EngineFact]
    public async Task ABatchWithOneBadRowSavesNothing()
    {
        var result = await commands.SaveBatchAsync([New(cases, 7), New(rate, 150), New(flag, 1)], Writer("李四"));

        Assert.Equal(1, Assert.Single(result.Problems).Index);
        Assert.Empty(await FiguresAsync());
    }

    private FigureSave New(long indicator, decimal value) => new()
    {
        OrganizationId = organization, IndicatorId = indicator, Year = 2024, Value = value,
        Qualifier = Qualifier.Exact, Status = FigureStatus.Provisional,
    };

    private Task<IReadOnlyList<Figure>> FiguresAsync() => new FigureQueries(database.Db).GetFiguresAsync(organization, 2024, Reader.System("测试"));
}
