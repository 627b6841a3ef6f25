using Dashboard.Data;
using Dashboard.Data.Figures;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Data;

/// <summary>
/// A user's rights end the moment they are taken away, not at the page's next check: every write asks the database
/// for the user's role, disabled flag, security stamp and session as they are now.
/// </summary>
public class RevocationTests : IAsyncLifetime
{
    /// <summary>The same tests on PostgreSQL.</summary>
    public sealed class OnPostgres : RevocationTests, IOnPostgres
    {
        protected override DatabaseEngine Engine => DatabaseEngine.Postgres;
    }

    protected virtual DatabaseEngine Engine => DatabaseEngine.Sqlite;

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private TempDatabase database = null!;
    private UserCommands users = null!;
    private FigureCommands figures = null!;
    private long organization;
    private long indicator;

    public async Task InitializeAsync()
    {
        database = await TempDatabase.CreateMigratedAsync(Engine);
        users = new UserCommands(database.Db, clock);
        figures = new FigureCommands(database.Db, clock);
        organization = await CatalogBuilder.AddOrganizationAsync(database.Db);
        indicator = await CatalogBuilder.AddIndicatorAsync(database.Db, "petitions");
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private FigureSave NewFigure(int year) => new()
    {
        OrganizationId = organization, IndicatorId = indicator, Year = year, Value = 1, Qualifier = Qualifier.Exact, Status = FigureStatus.Provisional,
    };

    [EngineFact]
    public async Task ADemotedAdministratorCannotCreateAnAdministratorAMomentLater()
    {
        var demoted = await Actors.SignInAsync(database.Db, "mallory", Role.Admin, clock);
        var boss = await Actors.SignInAsync(database.Db, "boss", Role.Admin, clock);

        await users.SetRoleAsync("mallory", Role.Viewer, boss);
        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => users.AddUserAsync("mallory2", Role.Admin, "hash", demoted));

        Assert.True(refused.SignedOut);
        Assert.Contains("您的登录已失效", refused.Message);
        Assert.Null(await new UserQueries(database.Db).GetUserAsync("mallory2"));
    }

    [EngineFact]
    public async Task ADisabledEditorCannotSaveAFigureAMomentLater()
    {
        var editor = await Actors.SignInAsync(database.Db, "clerk", Role.Editor, clock);
        var admin = await Actors.SignInAsync(database.Db, "admin", Role.Admin, clock);
        Assert.True((await figures.SaveAsync(NewFigure(2023), editor)).Succeeded);

        await users.SetDisabledAsync("clerk", true, admin);

        await Assert.ThrowsAsync<AccessDeniedException>(() => figures.SaveAsync(NewFigure(2024), editor));
        Assert.Empty(await new FigureQueries(database.Db).GetFiguresAsync(organization, 2024, Reader.System("测试")));
    }

    [EngineFact]
    public async Task AWriteFromASignedOutSessionIsRefusedWhileTheUsersOtherSessionGoesOn()
    {
        var laptop = await Actors.SignInAsync(database.Db, "clerk", Role.Editor, clock);
        var desk = await Actors.SignInAsync(database.Db, "clerk", Role.Editor, clock);

        await new SessionStore(database.Db, clock).EndAsync(laptop.SessionId!);

        await Assert.ThrowsAsync<AccessDeniedException>(() => figures.SaveAsync(NewFigure(2024), laptop));
        Assert.True((await figures.SaveAsync(NewFigure(2024), desk)).Succeeded);
    }

    [EngineFact]
    public async Task AWriteFromASessionPastItsLifetimeIsRefused()
    {
        var editor = await Actors.SignInAsync(database.Db, "clerk", Role.Editor, clock);   // a session of one hour
        Assert.True((await figures.SaveAsync(NewFigure(2023), editor)).Succeeded);

        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        await Assert.ThrowsAsync<AccessDeniedException>(() => figures.SaveAsync(NewFigure(2024), editor));
    }

    [EngineFact]
    public async Task AForgedStampSessionOrRoleIsRefused()
    {
        var real = await Actors.SignInAsync(database.Db, "clerk", Role.Editor, clock);

        await Assert.ThrowsAsync<AccessDeniedException>(() => figures.SaveAsync(NewFigure(2024), Actor.User("clerk", Role.Editor, "forged", real.SessionId!)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => figures.SaveAsync(NewFigure(2024), Actor.User("clerk", Role.Editor, real.Stamp!, "forged")));
        await Assert.ThrowsAsync<AccessDeniedException>(() => users.AddUserAsync("x", Role.Viewer, "hash", Actor.User("clerk", Role.Admin, real.Stamp!, real.SessionId!)));
        Assert.True((await figures.SaveAsync(NewFigure(2024), real)).Succeeded);
    }

    [EngineFact]
    public async Task SigningOutEverywhereElseEndsTheOtherSessionsAtTheirNextWriteAndKeepsThisOne()
    {
        var here = await Actors.SignInAsync(database.Db, "zhangsan", Role.Editor, clock);
        var elsewhere = await Actors.SignInAsync(database.Db, "zhangsan", Role.Editor, clock);

        await users.EndOtherSessionsAsync(here);

        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => figures.SaveAsync(NewFigure(2024), elsewhere));
        Assert.True(refused.SignedOut);
        // Here carries on with the new stamp (the page re-issues its cookie); its session was not ended.
        var user = (await new UserQueries(database.Db).GetUserAsync("zhangsan"))!;
        var renewed = Actor.User(user.UserName, user.Role, user.SecurityStamp, here.SessionId!, user.OrganizationId);
        Assert.True((await figures.SaveAsync(NewFigure(2024), renewed)).Succeeded);
        // The old session stays ended even for a cookie that somehow had the new stamp.
        var forged = Actor.User(user.UserName, user.Role, user.SecurityStamp, elsewhere.SessionId!, user.OrganizationId);
        await Assert.ThrowsAsync<AccessDeniedException>(() => figures.SaveAsync(NewFigure(2025), forged));
    }

    [EngineFact]
    public async Task NobodyButASignedInUserCanSignThemselvesOutEverywhereElse()
    {
        var signedOut = await Actors.SignInAsync(database.Db, "lisi", Role.Viewer, clock);
        await new SessionStore(database.Db, clock).EndAsync(signedOut.SessionId!);
        var stamp = (await new UserQueries(database.Db).GetUserAsync("lisi"))!.SecurityStamp;

        await Assert.ThrowsAsync<AccessDeniedException>(() => users.EndOtherSessionsAsync(Actor.Anonymous));
        await Assert.ThrowsAsync<AccessDeniedException>(() => users.EndOtherSessionsAsync(signedOut));

        Assert.Equal(stamp, (await new UserQueries(database.Db).GetUserAsync("lisi"))!.SecurityStamp);
    }
}
