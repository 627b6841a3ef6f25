using Dashboard.Data;
using Dashboard.Data.Figures;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Data;

/// <summary>
/// Every write the program can make, tried as every kind of signed-in user — every role, held for every organization,
/// for the street written to, for another street, or for the district above the street. The data layer checks the
/// user itself, against the database as it is now, so a request that bypasses the UI is refused all the same. A new
/// public method that takes an Actor, in any class, without a rule here fails <see cref="EveryWriteOperationHasARule"/>.
/// </summary>
public class WriteOperationsTests : IAsyncLifetime
{
    /// <summary>The same tests on PostgreSQL.</summary>
    public sealed class OnPostgres : WriteOperationsTests, IOnPostgres
    {
        protected override DatabaseEngine Engine => DatabaseEngine.Postgres;
    }

    protected virtual DatabaseEngine Engine => DatabaseEngine.Sqlite;

    private delegate Task Operation(WriteContext context, Actor actor);

    /// <summary>
    /// Where a role must hold for the write: the street written to (own), the district above it, or every organization;
    /// or nowhere in particular — the user's own account, which any signed-in user may manage.
    /// </summary>
    private enum Needs { Street, District, Everywhere, OwnAccount }

    /// <summary>The scopes a user's role may have here: every organization, the street written to, another street, the district of both.</summary>
    private static readonly string?[] Scopes = [null, "own", "other", "district"];

    private static readonly (string Name, Role Minimum, Needs Where, Operation Run)[] Rules =
    [
        ("FigureCommands.SaveAsync", Role.Editor, Needs.Street, (c, actor) => c.Figures.SaveAsync(c.NewFigure(), actor)),
        ("FigureCommands.SaveBatchAsync", Role.Editor, Needs.Street, (c, actor) => c.Figures.SaveBatchAsync([c.NewFigure()], actor)),
        // Stores nothing, but reads the street's figures to check against them: only for those who may save them.
        ("FigureCommands.CheckBatchAsync", Role.Editor, Needs.Street, (c, actor) => c.Figures.CheckBatchAsync([c.NewFigure()], actor)),
        ("ReportCommands.SaveAsync", Role.Editor, Needs.Street, async (c, actor) => await c.Reports.SaveAsync(new Dashboard.Data.Reports.ReportSave
        {
            OrganizationId = c.Organization, Year = 2030, Title = "报告", Body = "正文",
        }, actor)),
        ("TargetCommands.SetTargetsAsync", Role.Editor, Needs.Street, (c, actor) =>
            new Dashboard.Data.Targets.TargetCommands(c.Database.Db, TimeProvider.System).SetTargetsAsync(c.Organization, 2024, [new(c.Indicator, Comparator.LessOrEqual, 5, null)], actor)),
        ("OrganizationCommands.AddAsync", Role.Admin, Needs.District, async (c, actor) =>
            Assert.Empty(await c.Organizations.AddAsync(new() { Code = "added", Name = "新增街道", Kind = "街道", ParentCode = "district" }, actor))),
        ("OrganizationCommands.UpdateAsync", Role.Admin, Needs.District, async (c, actor) =>
            Assert.Empty(await c.Organizations.UpdateAsync("own", new() { Code = "own", Name = "改名街道", Kind = "街道", ParentCode = "district" }, actor))),
        ("OrganizationCommands.SetArchivedAsync", Role.Admin, Needs.District, async (c, actor) =>
            Assert.Empty(await c.Organizations.SetArchivedAsync("own", true, actor))),
        ("CatalogCommands.SetReportedAsync", Role.Editor, Needs.Street, async (c, actor) =>
            Assert.Empty(await c.Catalog.SetReportedAsync(c.Organization, "petitions", false, actor))),
        ("CatalogCommands.AddAsync", Role.Admin, Needs.Everywhere, async (c, actor) =>
            Assert.Empty(await c.Catalog.AddAsync(new() { Code = "added_indicator", CategoryCode = c.CategoryCode, Name = "新指标", Unit = "件" }, actor))),
        ("CatalogCommands.UpdateAsync", Role.Admin, Needs.Everywhere, async (c, actor) =>
            Assert.Empty(await c.Catalog.UpdateAsync("petitions", c.Petitions with { Name = "改名", ExpectedVersion = 1 }, actor))),
        ("CatalogCommands.SetRetiredAsync", Role.Admin, Needs.Everywhere, async (c, actor) =>
            Assert.Empty(await c.Catalog.SetRetiredAsync("petitions", true, actor))),
        ("UserCommands.AddUserAsync", Role.Admin, Needs.Everywhere, (c, actor) => c.Users.AddUserAsync($"new-{Guid.NewGuid():N}", Role.Viewer, "hash", actor)),
        ("UserCommands.SetRoleAsync", Role.Admin, Needs.Everywhere, (c, actor) => c.Users.SetRoleAsync("target", Role.Editor, actor)),
        ("UserCommands.SetDisabledAsync", Role.Admin, Needs.Everywhere, (c, actor) => c.Users.SetDisabledAsync("target", true, actor)),
        ("UserCommands.SetPasswordAsync", Role.Admin, Needs.Everywhere, (c, actor) => c.Users.SetPasswordAsync("target", "hash", actor)),
        // Another user's notification address (one's own: UserEmailTests).
        ("UserCommands.SetEmailAsync", Role.Admin, Needs.Everywhere, (c, actor) => c.Users.SetEmailAsync("target", "target@example.gov.cn", actor)),
        ("UserCommands.EndOtherSessionsAsync", Role.Viewer, Needs.OwnAccount, (c, actor) => c.Users.EndOtherSessionsAsync(actor)),
        ("SignInThrottle.UnlockAsync", Role.Admin, Needs.Everywhere, (c, actor) => new SignInThrottle(c.Database.Db).UnlockAsync("target", actor, DateTimeOffset.UtcNow)),
        ("SignInThrottle.UnlockAddressAsync", Role.Admin, Needs.Everywhere, (c, actor) => new SignInThrottle(c.Database.Db).UnlockAddressAsync("10.0.0.1", actor, DateTimeOffset.UtcNow)),
        ("FigureImport.CommitAsync", Role.Editor, Needs.Street, (c, actor) => new Dashboard.Data.Spreadsheets.FigureImport(c.Database.Db, TimeProvider.System).CommitAsync(
            new("upload.xlsx", c.Organization, [new(2, "petitions", 2031, null, c.NewFigure(), "1件", Dashboard.Data.Spreadsheets.ImportRowKind.New, [])], 0), actor)),
        ("ReportImport.CommitAsync", Role.Editor, Needs.Street, (c, actor) => new Dashboard.Data.Import.ReportImport(c.Database.Db, TimeProvider.System).CommitAsync(new()
        {
            OrganizationId = c.Organization, Year = 2031, Title = "报告", Body = "受理信访1件。", Figures = [new("petitions", 1, Qualifier.Exact, "受理信访1件", null)],
        }, actor)),
        ("YearPublication.PublishAsync", Role.Admin, Needs.Street, async (c, actor) =>
        {
            await c.Figures.SaveAsync(c.NewFigure(), Actor.System("clerk"));
            var publication = new Dashboard.Data.Reports.YearPublication(c.Database.Db, TimeProvider.System);
            await publication.PublishAsync(c.Organization, 2031, await publication.PlanAsync(c.Organization, 2031, Reader.System("t")), "", actor);
        }),
        // The cycle: a year submitted by someone else is returned or approved.
        ("YearCycle.SubmitAsync", Role.Editor, Needs.Street, (c, actor) => c.Cycle.SubmitAsync(c.Organization, 2031, "缺项", actor)),
        ("YearCycle.ReturnAsync", Role.Reviewer, Needs.Street, async (c, actor) =>
        {
            Assert.True((await c.Cycle.SubmitAsync(c.Organization, 2031, "缺项", Actor.System("clerk"))).Succeeded);
            Assert.True((await c.Cycle.ReturnAsync(c.Organization, 2031, 1, [new(null, "", "请核对")], actor)).Succeeded);
        }),
        ("YearCycle.ApproveAsync", Role.Reviewer, Needs.Street, async (c, actor) =>
        {
            Assert.True((await c.Cycle.SubmitAsync(c.Organization, 2031, "缺项", Actor.System("clerk"))).Succeeded);
            Assert.True((await c.Cycle.ApproveAsync(c.Organization, 2031, 1, "2032-02", actor)).Succeeded);
        }),
        ("CollectionRounds.OpenAsync", Role.Admin, Needs.District, async (c, actor) =>
            Assert.True((await c.Rounds.OpenAsync(c.District, 2031, new DateOnly(2032, 1, 31), "", actor)).Succeeded)),
        ("CollectionRounds.ExtendAsync", Role.Admin, Needs.District, async (c, actor) =>
            Assert.True((await c.Rounds.ExtendAsync(await c.OpenRoundAsync(), new DateOnly(2032, 2, 28), "", actor)).Succeeded)),
        ("CollectionRounds.CloseAsync", Role.Admin, Needs.District, async (c, actor) =>
            Assert.True((await c.Rounds.CloseAsync(await c.OpenRoundAsync(), actor)).Succeeded)),
        ("Inbox.GetAsync", Role.Viewer, Needs.OwnAccount, (c, actor) => c.Inbox.GetAsync(actor)),
        ("Inbox.UnreadAsync", Role.Viewer, Needs.OwnAccount, (c, actor) => c.Inbox.UnreadAsync(actor)),
        ("Inbox.MarkReadAsync", Role.Viewer, Needs.OwnAccount, (c, actor) => c.Inbox.MarkReadAsync(actor, null)),
    ];

    private WriteContext context = null!;

    public async Task InitializeAsync() => context = await WriteContext.CreateAsync(Engine);

    public async Task DisposeAsync() => await context.Database.DisposeAsync();

    [EngineFact]
    public void EveryWriteOperationHasARule()
    {
        // Everything done for a user takes the Actor it is done for.
        var operations = typeof(DashboardDb).Assembly.GetTypes()
            .Where(type => type.IsPublic && type != typeof(Actor))
            .SelectMany(type => type.GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly)
                .Where(method => method.GetParameters().Any(p => p.ParameterType == typeof(Actor)))
                .Select(method => $"{type.Name}.{method.Name}"))
            .Distinct()
            .Order();

        Assert.Equal(Rules.Select(r => r.Name).Order(), operations);
    }

    public static TheoryData<string, string, string> Attempts()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var rule in Rules)
        {
            data.Add(rule.Name, "Anonymous", "");
            foreach (var role in Enum.GetNames<Role>())
                foreach (var scope in Scopes)
                    data.Add(rule.Name, role, scope ?? "all");
        }
        return data;
    }

    [EngineTheory]
    [MemberData(nameof(Attempts))]
    public async Task EachRoleMayDoExactlyTheWritesItsRoleAllowsInItsOwnOrganizationsOnly(string operation, string roleName, string scope)
    {
        Role? role = Enum.TryParse<Role>(roleName, out var r) ? r : null;
        var organizationCode = scope is "" or "all" ? null : scope;
        var actor = role is { } signedIn
            ? await Actors.SignInAsync(context.Database.Db, $"{roleName.ToLowerInvariant()}-{scope}", signedIn, organizationCode: organizationCode)
            : Actor.Anonymous;
        var rule = Rules.Single(x => x.Name == operation);
        var covers = rule.Where switch
        {
            Needs.Street => scope is "all" or "own" or "district",
            Needs.District => scope is "all" or "district",
            Needs.OwnAccount => true,
            _ => scope is "all",
        };

        var attempt = () => rule.Run(context, actor);

        if (role >= rule.Minimum && covers)
        {
            await attempt();
        }
        else
        {
            var refused = await Assert.ThrowsAsync<AccessDeniedException>(attempt);
            Assert.Contains("无权", refused.Message);
        }
    }

    [EngineFact]
    public async Task ARefusedWriteChangesNothing()
    {
        var viewer = await Actors.SignInAsync(context.Database.Db, "leader", Role.Viewer);

        await Assert.ThrowsAsync<AccessDeniedException>(() => context.Figures.SaveAsync(context.NewFigure() with { Year = 2021 }, viewer));

        Assert.Empty(await new FigureQueries(context.Database.Db).GetFiguresAsync(context.Organization, 2021, Reader.System("测试")));
    }

    private sealed record WriteContext(TempDatabase Database, FigureCommands Figures, UserCommands Users, long Organization, long Indicator, Figure Existing)
    {
        public Dashboard.Data.Review.YearCycle Cycle => new(Database.Db, TimeProvider.System);

        public Dashboard.Data.Review.CollectionRounds Rounds => new(Database.Db, TimeProvider.System);

        public Dashboard.Data.Inbox.Inbox Inbox => new(Database.Db, TimeProvider.System);

        public long District { get; init; }

        /// <summary>A round of the district opened by the program, for the writes that change one.</summary>
        public async Task<long> OpenRoundAsync()
        {
            Assert.True((await Rounds.OpenAsync(District, 2031, new DateOnly(2032, 1, 31), "", Actor.System("district"))).Succeeded);
            return (await Rounds.OpenRoundAsync(Organization, 2031))!.Id;
        }

        public Dashboard.Data.Reports.ReportCommands Reports => new(Database.Db, TimeProvider.System);

        public Dashboard.Data.Catalog.OrganizationCommands Organizations => new(Database.Db, TimeProvider.System);

        public Dashboard.Data.Catalog.CatalogCommands Catalog => new(Database.Db, TimeProvider.System);

        public string CategoryCode => "test";

        /// <summary>The indicator "petitions" as CatalogBuilder made it, as the catalog page would send it back.</summary>
        public Dashboard.Data.Catalog.IndicatorSave Petitions => new() { Code = "petitions", CategoryCode = CategoryCode, Name = "petitions", Unit = "件" };

        public FigureSave NewFigure() => new()
        {
            OrganizationId = Organization, IndicatorId = Indicator, Year = 2031, Value = 1,
            Qualifier = Qualifier.Exact, Status = FigureStatus.Provisional,
        };

        public static async Task<WriteContext> CreateAsync(DatabaseEngine engine)
        {
            var database = await TempDatabase.CreateMigratedAsync(engine);
            // A district with two streets: writes go to "own".
            var system = Actor.System("test");
            var organizations = new Dashboard.Data.Catalog.OrganizationCommands(database.Db, TimeProvider.System);
            Assert.Empty(await organizations.AddAsync(new() { Code = "district", Name = "测试区", Kind = "区" }, system));
            Assert.Empty(await organizations.AddAsync(new() { Code = "own", Name = "本街道", Kind = "街道", ParentCode = "district" }, system));
            Assert.Empty(await organizations.AddAsync(new() { Code = "other", Name = "另一街道", Kind = "街道", ParentCode = "district" }, system));
            var organization = (await new Dashboard.Data.Catalog.CatalogQueries(database.Db).GetOrganizationAsync("own"))!.Id;
            var indicator = await CatalogBuilder.AddIndicatorAsync(database.Db, "petitions");
            var figures = new FigureCommands(database.Db, TimeProvider.System);
            var users = new UserCommands(database.Db, TimeProvider.System);
            await users.AddUserAsync("target", Role.Viewer, "hash", Actor.System("test"));
            var existing = (await figures.SaveAsync(new FigureSave
            {
                OrganizationId = organization, IndicatorId = indicator, Year = 2020, Value = 5,
                Qualifier = Qualifier.Exact, Status = FigureStatus.Published,
            }, Actor.System("test"))).Saved[0];
            var district = (await new Dashboard.Data.Catalog.CatalogQueries(database.Db).GetOrganizationAsync("district"))!.Id;
            return new WriteContext(database, figures, users, organization, indicator, existing) { District = district };
        }
    }
}
