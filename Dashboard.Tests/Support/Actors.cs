using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Users;

namespace Dashboard.Tests.Support;

public static class Actors
{
    /// <summary>
    /// A write made by the program under a person's name (as seeding and imports write): for the tests of what a save
    /// does. Who may write is tested with real signed-in users (<see cref="SignInAsync"/>).
    /// </summary>
    public static Actor Writer(string name) => Actor.System(name);

    /// <summary>
    /// A user of that role in the database — for <paramref name="organizationCode"/> and what is under it, or for every
    /// organization — signed in with a session that lasts an hour: what a page acts as.
    /// </summary>
    public static async Task<Actor> SignInAsync(DashboardDb db, string name, Role role, TimeProvider? clock = null, string? organizationCode = null)
    {
        clock ??= TimeProvider.System;
        long? scope = organizationCode is null ? null
            : (await new CatalogQueries(db).GetOrganizationAsync(organizationCode))?.Id ?? throw new ArgumentException($"no organization {organizationCode}");
        var user = await new UserQueries(db).GetUserAsync(name)
            ?? await new UserCommands(db, clock).AddUserAsync(name, role, "hash", Actor.System("test"), scope);
        var session = await new SessionStore(db, clock).StartAsync(user.Id, clock.GetUtcNow().AddHours(1));
        return Actor.User(user.UserName, user.Role, user.SecurityStamp, session.Id, user.OrganizationId);
    }
}
