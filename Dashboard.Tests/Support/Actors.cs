using Dashboard.Data;
using Dashboard.Data.Users;

namespace Dashboard.Tests.Support;

public static class Actors
{
    /// <summary>
    /// A write made by the program under a person's name (as seeding and imports write): for the tests of what a save
    /// does. Who may write is tested with real signed-in users (<see cref="SignInAsync"/>).
    /// </summary>
    public static Actor Writer(string name) => Actor.System(name);

    /// <summary>A user of that role in the database, signed in with a session that lasts an hour: what a page acts as.</summary>
    public static async Task<Actor> SignInAsync(DashboardDb db, string name, Role role, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        var user = await new UserQueries(db).GetUserAsync(name)
            ?? await new UserCommands(db, clock).AddUserAsync(name, role, "hash", Actor.System("test"));
        var session = await new SessionStore(db, clock).StartAsync(user.Id, clock.GetUtcNow().AddHours(1));
        return Actor.User(user.UserName, user.Role, user.SecurityStamp, session.Id);
    }
}
