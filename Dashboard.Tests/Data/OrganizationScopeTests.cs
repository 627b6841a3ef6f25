using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Reports;
using Dashboard.Data.Targets;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using Dashboard.Web.Views;

namespace Dashboard.Tests.Data;

/// <summary>
/// Several organizations on one install: a district (涪陵区) with two streets (罗星街道 from the seed, and 崇义街道). A
/// role holds for one organization and what is under it; the data layer refuses every write outside it, whatever
/// route the write takes.
/// </summary>
public class OrganizationScopeTests : IAsyncLifetime
{
    /// <summary>The same tests on PostgreSQL.</summary>
    public sealed class OnPostgres : OrganizationScopeTests, IOnPostgres
    {
        protected override DatabaseEngine Engine => DatabaseEngine.Postgres;
    }

    protected virtual DatabaseEngine Engine => DatabaseEngine.Sqlite;

    private TempDatabase database = null!;
    private OrganizationCommands organizations = null!;
    private Organization district = null!;
    private Organization luoxing = null!;
    private Organization chongyi = null!;
    private long indicator;

    public async Task InitializeAsync()
    {
        database = await TempDatabase.CreateSeededAsync(Engine);
        organizations = new OrganizationCommands(database.Db, TimeProvider.System);
        var system = Actor.System("test");
        Assert.Empty(await organizations.AddAsync(new OrganizationSave { Code = "fuling", Name = "涪陵区", Kind = "区" }, system));
        Assert.Empty(await organizations.AddAsync(new OrganizationSave { Code = "chongyi", Name = "崇义街道", Kind = "街道", ParentCode = "fuling" }, system));
        Assert.Empty(await organizations.UpdateAsync("luoxing", new OrganizationSave { Code = "luoxing", Name = "罗星街道", Kind = "街道", ParentCode = "fuling" }, system));
        var catalog = new CatalogQueries(database.Db);
        district = (await catalog.GetOrganizationAsync("fuling"))!;
        luoxing = (await catalog.GetOrganizationAsync("luoxing"))!;
        chongyi = (await catalog.GetOrganizationAsync("chongyi"))!;
        indicator = (await catalog.GetIndicatorAsync("petitions_handled"))!.Id;
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private FigureSave Figure(Organization organization, int year = 2025) => new()
    {
        OrganizationId = organization.Id, IndicatorId = indicator, Year = year, Value = 12, Qualifier = Qualifier.Exact, Status = FigureStatus.Provisional,
    };

    private async Task<int> CountFiguresAsync(Organization organization) =>
        (await new FigureQueries(database.Db).GetFiguresAsync(organization.Id, 2025, Reader.System("测试"))).Count;

    [EngineFact]
    public async Task TheTreeKnowsWhatIsUnderTheDistrict()
    {
        Assert.Equal([luoxing.Id, district.Id], luoxing.Lineage);
        Assert.Equal([district.Id], district.Lineage);
        var all = await new CatalogQueries(database.Db).GetOrganizationsAsync();
        Assert.Equal(["fuling", "luoxing", "chongyi"], all.Select(o => o.Code));
    }

    [EngineFact]
    public async Task AClerkOfOneStreetCannotWriteAnotherStreetsFiguresEvenInABatchWithTheirOwn()
    {
        var clerk = await Actors.SignInAsync(database.Db, "clerk-b", Role.Editor, organizationCode: "chongyi");
        var figures = new FigureCommands(database.Db, TimeProvider.System);

        var alone = await Assert.ThrowsAsync<AccessDeniedException>(() => figures.SaveAsync(Figure(luoxing), clerk));
        var mixed = await Assert.ThrowsAsync<AccessDeniedException>(() => figures.SaveBatchAsync([Figure(chongyi), Figure(luoxing)], clerk));

        Assert.False(alone.SignedOut);
        Assert.Contains("无权保存指标数据", alone.Message);
        Assert.False(mixed.SignedOut);
        Assert.Equal(0, await CountFiguresAsync(luoxing));
        Assert.Equal(0, await CountFiguresAsync(chongyi));
        Assert.True((await figures.SaveAsync(Figure(chongyi), clerk)).Succeeded);
        Assert.Equal(1, await CountFiguresAsync(chongyi));
    }

    [EngineFact]
    public async Task AClerkOfOneStreetCannotWriteAnotherStreetsReportOrTargets()
    {
        var clerk = await Actors.SignInAsync(database.Db, "clerk-b", Role.Editor, organizationCode: "chongyi");
        var reports = new ReportCommands(database.Db, TimeProvider.System);
        var targets = new TargetCommands(database.Db, TimeProvider.System);
        var before = await new ReportQueries(database.Db).GetReportAsync(luoxing.Id, 2024, Reader.System("测试"));

        await Assert.ThrowsAsync<AccessDeniedException>(() => reports.SaveAsync(new ReportSave
        {
            OrganizationId = luoxing.Id, Year = 2024, Title = "篡改", Body = "篡改的正文", ExpectedUpdatedAt = before!.UpdatedAt,
        }, clerk));
        await Assert.ThrowsAsync<AccessDeniedException>(() => targets.SetTargetsAsync(luoxing.Id, 2025, [new TargetSave(indicator, Comparator.GreaterOrEqual, 10, null)], clerk));

        Assert.Equal(before!.Body, (await new ReportQueries(database.Db).GetReportAsync(luoxing.Id, 2024, Reader.System("测试")))!.Body);
        Assert.Empty(await new TargetQueries(database.Db).GetTargetsAsync(luoxing.Id, 2025, 2025, Reader.System("测试")));
        Assert.Empty(await targets.SetTargetsAsync(chongyi.Id, 2025, [new TargetSave(indicator, Comparator.GreaterOrEqual, 10, null)], clerk));
    }

    [EngineFact]
    public async Task ADistrictRoleCoversEveryStreetOfTheDistrictAndAStreetRoleNotItsDistrict()
    {
        var districtEditor = await Actors.SignInAsync(database.Db, "district-clerk", Role.Editor, organizationCode: "fuling");
        var districtViewer = await Actors.SignInAsync(database.Db, "district-leader", Role.Viewer, organizationCode: "fuling");
        var streetViewer = await Actors.SignInAsync(database.Db, "street-leader", Role.Viewer, organizationCode: "chongyi");
        var figures = new FigureCommands(database.Db, TimeProvider.System);

        Assert.True((await figures.SaveBatchAsync([Figure(luoxing), Figure(chongyi)], districtEditor)).Succeeded);
        Assert.True(districtViewer.SeesProvisional(luoxing) && districtViewer.SeesProvisional(chongyi));
        Assert.True(streetViewer.SeesProvisional(chongyi));
        Assert.False(streetViewer.SeesProvisional(luoxing));
        Assert.False(streetViewer.SeesProvisional(district));
        Assert.False(Actor.Anonymous.SeesProvisional(luoxing));
        await Assert.ThrowsAsync<AccessDeniedException>(() => figures.SaveAsync(Figure(chongyi, 2026), districtViewer));
    }

    [EngineFact]
    public async Task AClaimedScopeWiderThanTheDatabaseSaysIsRefused()
    {
        // A forged or stale cookie that claims "every organization" for a street's clerk.
        var clerk = await Actors.SignInAsync(database.Db, "clerk-b", Role.Editor, organizationCode: "chongyi");
        var forged = Actor.User(clerk.UserName, Role.Editor, clerk.Stamp!, clerk.SessionId!, scopeId: null);

        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => new FigureCommands(database.Db, TimeProvider.System).SaveAsync(Figure(luoxing), forged));

        Assert.True(refused.SignedOut);
        Assert.Equal(0, await CountFiguresAsync(luoxing));
    }

    [EngineFact]
    public async Task MovingAUsersRoleToAnotherOrganizationEndsTheirSessionAtTheNextWrite()
    {
        var clerk = await Actors.SignInAsync(database.Db, "clerk-b", Role.Editor, organizationCode: "chongyi");
        await new UserCommands(database.Db, TimeProvider.System).SetRoleAsync("clerk-b", Role.Editor, Actor.System("test"), luoxing.Id);

        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => new FigureCommands(database.Db, TimeProvider.System).SaveAsync(Figure(chongyi), clerk));

        Assert.True(refused.SignedOut);
        Assert.Equal(luoxing.Id, (await new UserQueries(database.Db).GetUserAsync("clerk-b"))!.OrganizationId);
    }

    [EngineFact]
    public async Task OnlyAnAdministratorOfEveryOrganizationManagesUsers()
    {
        var districtAdmin = await Actors.SignInAsync(database.Db, "district-admin", Role.Admin, organizationCode: "fuling");
        var users = new UserCommands(database.Db, TimeProvider.System);

        await Assert.ThrowsAsync<AccessDeniedException>(() => users.AddUserAsync("new-admin", Role.Admin, "hash", districtAdmin));
        await Assert.ThrowsAsync<AccessDeniedException>(() => users.SetRoleAsync("district-admin", Role.Admin, districtAdmin, organizationId: null));

        Assert.Null(await new UserQueries(database.Db).GetUserAsync("new-admin"));
        Assert.Equal(district.Id, (await new UserQueries(database.Db).GetUserAsync("district-admin"))!.OrganizationId);
    }

    [EngineFact]
    public async Task ADistrictAdministratorManagesTheStreetsOfTheDistrictButNotWhatIsAboveOrOutsideIt()
    {
        var districtAdmin = await Actors.SignInAsync(database.Db, "district-admin", Role.Admin, organizationCode: "fuling");
        var streetAdmin = await Actors.SignInAsync(database.Db, "street-admin", Role.Admin, organizationCode: "chongyi");

        Assert.Empty(await organizations.AddAsync(new OrganizationSave { Code = "jiangdong", Name = "江东街道", Kind = "街道", ParentCode = "fuling" }, districtAdmin));
        Assert.Empty(await organizations.UpdateAsync("chongyi", new OrganizationSave { Code = "chongyi", Name = "崇义街道办事处", Kind = "街道", ParentCode = "fuling" }, districtAdmin));
        await Assert.ThrowsAsync<AccessDeniedException>(() => organizations.AddAsync(new OrganizationSave { Code = "other", Name = "另一个区", Kind = "区" }, districtAdmin));
        await Assert.ThrowsAsync<AccessDeniedException>(() => organizations.UpdateAsync("fuling", new OrganizationSave { Code = "fuling", Name = "改名区", Kind = "区" }, districtAdmin));
        await Assert.ThrowsAsync<AccessDeniedException>(() => organizations.SetArchivedAsync("luoxing", true, streetAdmin));
        // Moving a street out of the district to nowhere is a change at the top: refused for the district's administrator.
        await Assert.ThrowsAsync<AccessDeniedException>(() => organizations.UpdateAsync("chongyi", new OrganizationSave { Code = "chongyi", Name = "崇义街道", Kind = "街道" }, districtAdmin));

        var all = await new CatalogQueries(database.Db).GetOrganizationsAsync();
        Assert.Contains(all, o => o.Code == "jiangdong" && o.ParentId == district.Id);
        Assert.Equal("崇义街道办事处", all.Single(o => o.Code == "chongyi").Name);
        Assert.Equal(district.Id, all.Single(o => o.Code == "chongyi").ParentId);
        Assert.Equal("涪陵区", all.Single(o => o.Code == "fuling").Name);
        Assert.False(all.Single(o => o.Code == "luoxing").IsArchived);
    }

    [EngineFact]
    public async Task ArchivingKeepsFiguresAndHistoryAndTakesTheOrganizationOutOfThePickers()
    {
        var figures = new FigureCommands(database.Db, TimeProvider.System);
        Assert.True((await figures.SaveAsync(Figure(chongyi), Actors.Writer("录入员"))).Succeeded);

        Assert.Empty(await organizations.SetArchivedAsync("chongyi", true, Actor.System("test")));

        var all = await new CatalogQueries(database.Db).GetOrganizationsAsync();
        var choice = OrganizationChoice.Make(all, null, Actor.Anonymous, null);
        Assert.DoesNotContain(choice.Offered, o => o.Code == "chongyi");
        Assert.Equal(1, await CountFiguresAsync(chongyi));
        Assert.NotEmpty(await new FigureQueries(database.Db).GetRecentChangesAsync(chongyi.Id, 10, Reader.System("测试")));
        // A bookmark still opens it.
        Assert.Equal("chongyi", OrganizationChoice.Make(all, "chongyi", Actor.Anonymous, null).Chosen?.Code);
        // A district with streets in use cannot be archived; brought back, the street returns to the pickers.
        Assert.Contains("未归档的单位", Assert.Single(await organizations.SetArchivedAsync("fuling", true, Actor.System("test"))));
        Assert.Empty(await organizations.SetArchivedAsync("chongyi", false, Actor.System("test")));
        Assert.Contains(OrganizationChoice.Make(await new CatalogQueries(database.Db).GetOrganizationsAsync(), null, Actor.Anonymous, null).Offered, o => o.Code == "chongyi");
    }

    [EngineTheory]
    [InlineData("Luoxing", "新街道", "街道", "", "代码须为")]
    [InlineData("x", "新街道", "街道", "", "代码须为")]
    [InlineData("luoxing", "新街道", "街道", "", "已被使用")]
    [InlineData("newone", "罗星街道", "街道", "", "已有名为")]
    [InlineData("newone", "", "街道", "", "请填写单位名称")]
    [InlineData("newone", "新\u200b街道", "街道", "", "不可见的字符")]
    [InlineData("newone", "新\n街道", "街道", "", "只能有一行")]
    [InlineData("newone", "新街道", "社区", "", "类型须为")]
    [InlineData("newone", "新街道", "街道", "chongyi", "不是区")]
    [InlineData("newone", "新区", "区", "fuling", "区不能再属于")]
    [InlineData("newone", "新街道", "街道", "nowhere", "所属的区不存在")]
    public async Task AnOrganizationThatBreaksARuleIsRefusedWithAChineseReasonAndNothingAdded(string code, string name, string kind, string parent, string expected)
    {
        var before = (await new CatalogQueries(database.Db).GetOrganizationsAsync()).Count;

        var problems = await organizations.AddAsync(new OrganizationSave { Code = code, Name = name, Kind = kind, ParentCode = parent }, Actor.System("test"));

        Assert.Contains(problems, p => p.Contains(expected));
        Assert.Equal(before, (await new CatalogQueries(database.Db).GetOrganizationsAsync()).Count);
    }

    [EngineFact]
    public async Task AnEditPageOffersOnlyWhatTheUserMayEditAndRefusesAnAddressNamingAnotherStreet()
    {
        var clerk = await Actors.SignInAsync(database.Db, "clerk-b", Role.Editor, organizationCode: "chongyi");
        var all = await new CatalogQueries(database.Db).GetOrganizationsAsync();

        var byDefault = OrganizationChoice.Make(all, null, clerk, Policies.EditFigures);
        var foreign = OrganizationChoice.Make(all, "luoxing", clerk, Policies.EditFigures);

        Assert.Equal("chongyi", byDefault.Chosen?.Code);
        Assert.Equal(["chongyi"], byDefault.Offered.Select(o => o.Code));
        Assert.Null(foreign.Chosen);
        Assert.Equal("您没有“罗星街道”的编辑权限。", foreign.Problem);
        // Visitors see every organization's published figures; the first street opens by default, not the district.
        Assert.Equal("luoxing", OrganizationChoice.Make(all, null, Actor.Anonymous, null).Chosen?.Code);
    }
}
