namespace Dashboard.Data.Users;

/// <summary>What a signed-in user may do; each role may do everything the one before it may.</summary>
public enum Role { Viewer = 1, Editor = 2, Admin = 3 }

/// <summary>
/// Who is asking: a signed-in user with a role, an anonymous visitor, or the program itself (seeding, imports).
/// Every write checks its actor, so a request that bypasses the UI is refused all the same.
/// </summary>
public sealed record Actor(string UserName, Role? Role, bool IsSystem = false)
{
    public static Actor Anonymous { get; } = new("", null);

    public static Actor System(string name) => new(name, null, IsSystem: true);

    public bool IsSignedIn => Role is not null;

    /// <summary>Provisional figures and draft reports are for signed-in users only.</summary>
    public bool SeesProvisional => IsSystem || Role >= Users.Role.Viewer;

    public bool Has(Role role) => IsSystem || Role >= role;

    /// <exception cref="AccessDeniedException">The actor's role is below <paramref name="role"/>.</exception>
    public void Demand(Role role, string action)
    {
        if (!Has(role))
        {
            throw new AccessDeniedException(action, role, this);
        }
    }
}

/// <summary>An operation was refused because the actor's role does not allow it.</summary>
public sealed class AccessDeniedException(string action, Role required, Actor actor)
    : Exception($"“{actor.UserName}”无权执行此操作（{action}，需要{required}权限）。")
{
    public Role Required { get; } = required;
}
