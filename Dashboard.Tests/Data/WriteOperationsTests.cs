using Dashboard.Data;
using Dashboard.Data.Figures;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Data;

/// <summary>
/// Every write the program can make, tried as every kind of signed-in user. The data layer checks the user itself,
/// against the database as it is now, so a request that bypasses the UI is refused all the same. A new public method
/// on a *Commands class without a rule here fails <see cref="EveryWriteOperationHasARule"/>.
/// </summary>
public sealed class WriteOperationsTests : IAsyncLifetime
{
    private delegate Task Operation(WriteContext context, Actor actor);

    private static readonly (string Name, Role Minimum, Operation Run)[] Rules =
    [
        ("FigureCommands.SaveAsync", Role.Editor, (c, actor) => c.Figures.SaveAsync(c.NewFigure(), actor)),
        ("FigureCommands.SaveBatchAsync", Role.Editor, (c, actor) => c.Figures.SaveBatchAsync([c.NewFigure()], actor)),
        ("ReportCommands.SaveAsync", Role.Editor, async (c, actor) => await c.Reports.SaveAsync(new Dashboard.Data.Reports.ReportSave
        {
            OrganizationId = c.Organization, Year = 2030, Title = "报告", Body = "正文",
        }, actor)),
        ("TargetCommands.SetTargetsAsync", Role.Editor, (c, actor) =>
            new Dashboard.Data.Targets.TargetCommands(c.Database.Db, TimeProvider.System).SetTargetsAsync(c.Organization, 2024, [new(c.Indicator, Comparator.LessOrEqual, 5)], actor)),
        ("UserCommands.AddUserAsync", Role.Admin, (c, actor) => c.Users.AddUserAsync($"new-{Guid.NewGuid():N}", Role.Viewer, "hash", actor)),
        ("UserCommands.SetRoleAsync", Role.Admin, (c, actor) => c.Users.SetRoleAsync("target", Role.Editor, actor)),
        ("UserCommands.SetDisabledAsync", Role.Admin, (c, actor) => c.Users.SetDisabledAsync("target", true, actor)),
        ("UserCommands.SetPasswordAsync", Role.Admin, (c, actor) => c.Users.SetPasswordAsync("target", "hash", actor)),
    ];

    private WriteContext context = null!;

    public async Task InitializeAsync() => context = await WriteContext.CreateAsync();

    public async Task DisposeAsync() => await context.Database.DisposeAsync();

    [Fact]
    public void EveryWriteOperationHasARule()
    {
        var operations = typeof(DashboardDb).Assembly.GetTypes()
            .Where(type => type.IsPublic && type.Name.EndsWith("Commands", StringComparison.Ordinal))
            .SelectMany(type => type.GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly)
                .Select(method => $"{type.Name}.{method.Name}"))
            .Distinct()
            .Order();

        Assert.Equal(Rules.Select(r => r.Name).Order(), operations);
    }

    public static TheoryData<string, string> Attempts()
    {
        var data = new TheoryData<string, string>();
        foreach (var rule in Rules)
            foreach (var role in new[] { "Anonymous" }.Concat(Enum.GetNames<Role>()))
                data.Add(rule.Name, role);
        return data;
    }

    [Theory]
    [MemberData(nameof(Attempts))]
    public async Task EachRoleMayDoExactlyTheWritesItsRoleAllows(string operation, string roleName)
    {
        Role? role = Enum.TryParse<Role>(roleName, out var r) ? r : null;
        var actor = role is { } signedIn ? await Actors.SignInAsync(context.Database.Db, roleName.ToLowerInvariant(), signedIn) : Actor.Anonymous;
        var rule = Rules.Single(x => x.Name == operation);

        var attempt = () => rule.Run(context, actor);

        if (role >= rule.Minimum)
        {
            await attempt();
        }
        else
        {
            var refused = await Assert.ThrowsAsync<AccessDeniedException>(attempt);
            Assert.Contains("无权", refused.Message);
        }
    }

    [Fact]
    public async Task ARefusedWriteChangesNothing()
    {
        var viewer = await Actors.SignInAsync(context.Database.Db, "leader", Role.Viewer);

        await Assert.ThrowsAsync<AccessDeniedException>(() => context.Figures.SaveAsync(context.NewFigure() with { Year = 2021 }, viewer));

        Assert.Empty(await new FigureQueries(context.Database.Db).GetFiguresAsync(context.Organization, 2021, includeProvisional: true));
    }

    private sealed record WriteContext(TempDatabase Database, FigureCommands Figures, UserCommands Users, long Organization, long Indicator, Figure Existing)
    {
        public Dashboard.Data.Reports.ReportCommands Reports => new(Database.Db, TimeProvider.System);

        public FigureSave NewFigure() => new()
        {
            OrganizationId = Organization, IndicatorId = Indicator, Year = 2031, Value = 1,
            Qualifier = Qualifier.Exact, Status = FigureStatus.Provisional,
        };

        public static async Task<WriteContext> CreateAsync()
        {
            var database = await TempDatabase.CreateMigratedAsync();
            var organization = await CatalogBuilder.AddOrganizationAsync(database.Db);
            var indicator = await CatalogBuilder.AddIndicatorAsync(database.Db, "petitions");
            var figures = new FigureCommands(database.Db, TimeProvider.System);
            var users = new UserCommands(database.Db, TimeProvider.System);
            await users.AddUserAsync("target", Role.Viewer, "hash", Actor.System("test"));
            var existing = (await figures.SaveAsync(new FigureSave
            {
                OrganizationId = organization, IndicatorId = indicator, Year = 2020, Value = 5,
                Qualifier = Qualifier.Exact, Status = FigureStatus.Published,
            }, Actor.System("test"))).Saved[0];
            return new WriteContext(database, figures, users, organization, indicator, existing);
        }
    }
}
