using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Data;

/// <summary>The indicator catalog managed in the product, on the seeded catalog of 罗星街道.</summary>
public class CatalogCommandsTests : IAsyncLifetime
{
    /// <summary>The same tests on PostgreSQL.</summary>
    public sealed class OnPostgres : CatalogCommandsTests, IOnPostgres
    {
        protected override DatabaseEngine Engine => DatabaseEngine.Postgres;
    }

    protected virtual DatabaseEngine Engine => DatabaseEngine.Sqlite;

    private TempDatabase database = null!;
    private CatalogCommands catalog = null!;
    private Actor admin = null!;
    private Organization luoxing = null!;

    public async Task InitializeAsync()
    {
        database = await TempDatabase.CreateSeededAsync(Engine);
        catalog = new CatalogCommands(database.Db, TimeProvider.System);
        admin = await Actors.SignInAsync(database.Db, "district-admin", Role.Admin);
        luoxing = (await new CatalogQueries(database.Db).GetOrganizationAsync("luoxing"))!;
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private async Task<Indicator> IndicatorAsync(string code) => (await new CatalogQueries(database.Db).GetIndicatorAsync(code))!;

    private async Task<IReadOnlyList<string>> GridAsync(int year = 2024) =>
        (await new FigureQueries(database.Db).GetYearSummaryAsync(luoxing.Id, year, Reader.System("测试"))).Select(r => r.Indicator.Code).ToList();

    private static IndicatorSave SaveOf(Indicator indicator) => new()
    {
        Code = indicator.Code, CategoryCode = indicator.CategoryCode, ParentCode = indicator.ParentCode ?? "", Name = indicator.Name, NameEn = indicator.NameEn,
        Unit = indicator.Unit, Kind = indicator.Kind, Direction = indicator.Direction, Description = indicator.Description, HeadlineOrder = indicator.HeadlineOrder,
        Chart = indicator.Chart ?? "", ReferenceValue = indicator.ReferenceValue, ReferenceLabel = indicator.ReferenceLabel, Aliases = indicator.Aliases,
        RateOfCode = indicator.RateOfCode ?? "", ExpectedVersion = indicator.Version,
    };

    [EngineFact]
    public async Task AnAddedIndicatorIsInEveryOrganizationsGridWithItsAliasesAndTheAdditionIsInTheHistory()
    {
        var problems = await catalog.AddAsync(new IndicatorSave
        {
            Code = "legality_reviews", CategoryCode = "lawful_administration", Name = "合法性审查", Unit = "件", Kind = IndicatorKind.Count,
            Direction = Direction.Neutral, Aliases = "合法性审核，审查规范性文件、 审查合同", Description = "对规范性文件和合同的合法性审查",
        }, admin);

        Assert.Empty(problems);
        var added = await IndicatorAsync("legality_reviews");
        Assert.Equal("合法性审核、审查规范性文件、审查合同", added.Aliases);
        Assert.Contains("legality_reviews", await GridAsync());
        var change = Assert.Single(await new CatalogQueries(database.Db).GetHistoryAsync(10));
        Assert.Equal(("district-admin", "Add"), (change.ChangedBy, change.Action));
        Assert.Contains("合法性审查", change.Description);
    }

    [EngineFact]
    public async Task AnEditIsKeptInTheHistoryFieldByFieldAndAnEditOverAnOlderVersionIsRefused()
    {
        var petitions = await IndicatorAsync("petitions_handled");

        Assert.Empty(await catalog.UpdateAsync("petitions_handled", SaveOf(petitions) with { Name = "信访事项", Aliases = "受理信访" }, admin));
        var stale = await catalog.UpdateAsync("petitions_handled", SaveOf(petitions) with { Name = "覆盖别人的修改" }, admin);

        Assert.Contains("已被他人修改", Assert.Single(stale));
        Assert.Equal("信访事项", (await IndicatorAsync("petitions_handled")).Name);
        var change = Assert.Single(await new CatalogQueries(database.Db).GetHistoryAsync(10));
        Assert.Equal("名称：信访事件 → 信访事项；别名：信访件、信访事项、受理信访、来信来访、群众来访、接待来访 → 受理信访", change.Description);
    }

    [EngineFact]
    public async Task ChangingTheKindOrUnitOfAnIndicatorWithFiguresIsRefusedAndNothingIsReinterpreted()
    {
        var petitions = await IndicatorAsync("petitions_handled");

        var unit = await catalog.UpdateAsync("petitions_handled", SaveOf(petitions) with { Unit = "次" }, admin);
        var kind = await catalog.UpdateAsync("petitions_handled", SaveOf(petitions) with { Kind = IndicatorKind.Rate, Unit = "%" }, admin);

        Assert.Contains("不能把单位从“数量（件）”改为“数量（次）”", Assert.Single(unit));
        Assert.Contains("请新建一个指标", Assert.Single(unit));
        Assert.Contains("不能把类型", Assert.Single(kind));
        var after = await IndicatorAsync("petitions_handled");
        Assert.Equal((IndicatorKind.Count, "件", 1), (after.Kind, after.Unit, after.Version));
        Assert.Empty(await new CatalogQueries(database.Db).GetHistoryAsync(10));
    }

    [EngineFact]
    public async Task AnIndicatorWithoutFiguresMayChangeItsUnit()
    {
        Assert.Empty(await catalog.AddAsync(new IndicatorSave { Code = "hotline_calls", CategoryCode = "dispute_resolution", Name = "热线来电", Unit = "件" }, admin));

        Assert.Empty(await catalog.UpdateAsync("hotline_calls", SaveOf(await IndicatorAsync("hotline_calls")) with { Unit = "次" }, admin));

        Assert.Equal("次", (await IndicatorAsync("hotline_calls")).Unit);
    }

    [EngineFact]
    public async Task RetiringTakesTheIndicatorOutOfTheGridAndDashboardButKeepsItsFigures()
    {
        var luoxingFigures = new FigureQueries(database.Db);
        var before = (await luoxingFigures.GetFiguresAsync(luoxing.Id, 2024, Reader.System("测试"))).Count(f => f.IndicatorCode == "petitions_handled");

        Assert.Empty(await catalog.SetRetiredAsync("petitions_handled", true, admin));

        Assert.DoesNotContain("petitions_handled", await GridAsync());
        Assert.Equal(before, (await luoxingFigures.GetFiguresAsync(luoxing.Id, 2024, Reader.System("测试"))).Count(f => f.IndicatorCode == "petitions_handled"));
        Assert.Equal(1, before);
        Assert.Contains("已有 1 个数据，全部保留", (await new CatalogQueries(database.Db).GetHistoryAsync(1))[0].Description);
        Assert.Empty(await catalog.SetRetiredAsync("petitions_handled", false, admin));
        Assert.Contains("petitions_handled", await GridAsync());
    }

    [EngineFact]
    public async Task AnOrganizationLeavesOutWhatItDoesNotReportAndOnlyItsOwnGridChanges()
    {
        var clerk = await Actors.SignInAsync(database.Db, "clerk", Role.Editor, organizationCode: "luoxing");
        var organizations = new OrganizationCommands(database.Db, TimeProvider.System);
        Assert.Empty(await organizations.AddAsync(new OrganizationSave { Code = "baitao", Name = "白涛街道", Kind = "街道" }, admin));
        var baitao = (await new CatalogQueries(database.Db).GetOrganizationAsync("baitao"))!;

        Assert.Empty(await catalog.SetReportedAsync(luoxing.Id, "registered_drug_users", false, clerk));
        await Assert.ThrowsAsync<AccessDeniedException>(() => catalog.SetReportedAsync(baitao.Id, "registered_drug_users", false, clerk));

        Assert.DoesNotContain("registered_drug_users", await GridAsync());
        Assert.Contains("registered_drug_users", (await new FigureQueries(database.Db).GetYearSummaryAsync(baitao.Id, 2024, Reader.System("测试"))).Select(r => r.Indicator.Code));
        Assert.Contains("不再填报", (await new CatalogQueries(database.Db).GetHistoryAsync(1))[0].Description);
    }

    [EngineTheory]
    [InlineData("Bad-Code", "名", "件", IndicatorKind.Count, "", "代码须为")]
    [InlineData("petitions_handled", "名", "件", IndicatorKind.Count, "", "已被使用")]
    [InlineData("new_one", "", "件", IndicatorKind.Count, "", "请填写名称")]
    [InlineData("new_one", "名", "", IndicatorKind.Count, "", "须填单位")]
    [InlineData("new_one", "名", "件", IndicatorKind.Rate, "", "单位须为 %")]
    [InlineData("new_one", "名", "件", IndicatorKind.Flag, "", "不填单位")]
    [InlineData("new_one", "名", "件", IndicatorKind.Count, "administrative_litigation_first_instance", "分项不能再分")]
    [InlineData("new_one", "名", "%", IndicatorKind.Rate, "petitions_handled", "同一类型")]
    [InlineData("new_one", "名\u200b", "件", IndicatorKind.Count, "", "不可见")]
    public async Task AnIndicatorThatBreaksARuleIsRefusedInChineseAndNothingIsAdded(string code, string name, string unit, IndicatorKind kind, string parent, string expected)
    {
        var count = (await new CatalogQueries(database.Db).GetIndicatorsAsync()).Count;

        var problems = await catalog.AddAsync(new IndicatorSave { Code = code, CategoryCode = "dispute_resolution", Name = name, Unit = unit, Kind = kind, ParentCode = parent }, admin);

        Assert.Contains(problems, p => p.Contains(expected));
        Assert.Equal(count, (await new CatalogQueries(database.Db).GetIndicatorsAsync()).Count);
    }

    [EngineFact]
    public async Task ARateSaysWhichCountItIsARateOfAndOnlyARateOfACountIsAccepted()
    {
        // The seed says it for its success rate.
        Assert.Equal("disputes_mediated", (await IndicatorAsync("mediation_success_rate")).RateOfCode);
        var rate = await IndicatorAsync("law_exam_participation_rate");
        Assert.Null(rate.RateOfCode);

        var ofARate = await catalog.UpdateAsync(rate.Code, SaveOf(rate) with { RateOfCode = "mediation_success_rate" }, admin);
        var onACount = await catalog.UpdateAsync("petitions_handled", SaveOf(await IndicatorAsync("petitions_handled")) with { RateOfCode = "disputes_mediated" }, admin);
        Assert.Contains(ofARate, p => p.Contains("不是数量类指标"));
        Assert.Contains(onACount, p => p.Contains("只有比率类指标"));
        Assert.Null((await IndicatorAsync(rate.Code)).RateOfCode);

        Assert.Empty(await catalog.UpdateAsync(rate.Code, SaveOf(rate) with { RateOfCode = "rule_of_law_meetings" }, admin));
        Assert.Equal("rule_of_law_meetings", (await IndicatorAsync(rate.Code)).RateOfCode);
        Assert.Contains(await new CatalogQueries(database.Db).GetHistoryAsync(10), h => h.Description.Contains("改为“法治专题会议”的比率"));
    }
}
