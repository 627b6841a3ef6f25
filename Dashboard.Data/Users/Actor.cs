using System.Data.Common;
using Dapper;
using Dashboard.Data.Catalog;

namespace Dashboard.Data.Users;

/// <summary>
/// What a signed-in user may do; each role may do everything the one before it may. Stored by name, so a role added
/// between two others changes no stored value.
/// </summary>
public enum Role { Viewer = 1, Editor = 2, Reviewer = 3, Admin = 4 }

/// <summary>
/// Who is asking: a signed-in user (with the role, security stamp and session they signed in with), an anonymous
/// visitor, or the program itself (seeding, the command line, imports). A user's role holds for one organization and
/// everything under it (<see cref="ScopeId"/>), or for every organization. Every write checks its actor in the data
/// layer — against the database as it is now, not as it was at sign-in — so a request that bypasses the UI, a user
/// demoted or disabled a second ago, or a session signed out in another tab is refused all the same.
/// </summary>
public sealed record Actor
{
    private Actor(string userName, Role? role, bool isSystem, string? stamp, string? sessionId, long? scopeId)
    {
        UserName = userName;
        Role = role;
        IsSystem = isSystem;
        Stamp = stamp;
        SessionId = sessionId;
        ScopeId = scopeId;
    }

    public string UserName { get; }

    /// <summary>The role the user signed in with; a write requires it to be the user's role still.</summary>
    public Role? Role { get; }

    public bool IsSystem { get; }

    /// <summary>The user's security stamp at sign-in: a password, role or disabled change replaces it.</summary>
    public string? Stamp { get; }

    /// <summary>The session the user signed in with.</summary>
    public string? SessionId { get; }

    /// <summary>The organization the role holds for, with everything under it; null for every organization.</summary>
    public long? ScopeId { get; }

    public static Actor Anonymous { get; } = new("", null, false, null, null, null);

    /// <summary>The program itself, writing under <paramref name="name"/> (seeding, imports, the command line).</summary>
    public static Actor System(string name) => new(name, null, true, null, null, null);

    /// <summary>A signed-in user, as their session's claims say; writes check every part against the database.</summary>
    public static Actor User(string userName, Role role, string stamp, string sessionId, long? scopeId = null) =>
        new(userName, role, false, stamp, sessionId, scopeId);

    public bool IsSignedIn => Role is not null;

    /// <summary>The role holds for every organization (what managing users and the catalog needs).</summary>
    public bool IsInstallWide => IsSystem || (IsSignedIn && ScopeId is null);

    /// <summary>Provisional figures and draft reports are for the signed-in users of that organization (or above it) only.</summary>
    public bool SeesProvisional(Organization organization) => Has(Users.Role.Viewer, organization);

    /// <summary>The role, for some organization (what a menu entry needs: the page then offers only those).</summary>
    public bool Has(Role role) => IsSystem || Role >= role;

    /// <summary>The role, for <paramref name="organization"/>: held for it, for an organization above it, or for all.</summary>
    public bool Has(Role role, Organization organization) => Has(role) && Covers(organization);

    /// <summary>The role, for every organization.</summary>
    public bool HasEverywhere(Role role) => Has(role) && IsInstallWide;

    /// <summary>The organization is within the actor's scope (whatever the role).</summary>
    public bool Covers(Organization organization) =>
        IsSystem || (IsSignedIn && (ScopeId is null || organization.Lineage.Contains(ScopeId.Value) || organization.Id == ScopeId));

    /// <summary>Refuses by the role the actor claims (what the UI shows); writes use <see cref="DemandAsync(System.Data.Common.DbTransaction, Permission, long?, string, DateTimeOffset, CancellationToken)"/>.</summary>
    /// <exception cref="AccessDeniedException">The actor's role is below <paramref name="role"/>.</exception>
    public void Demand(Role role, string action)
    {
        if (!Has(role))
        {
            throw new AccessDeniedException(action, role, this);
        }
    }

    /// <summary>
    /// Refuses unless the user has <paramref name="permission"/> for <paramref name="organizationId"/> in the database
    /// now (see the overload by role); a permission for every organization only ever asks about every organization.
    /// </summary>
    public Task DemandAsync(DbTransaction transaction, Permission permission, long? organizationId, string action, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        DemandAsync(transaction, permission.Role, permission.EverywhereOnly ? null : organizationId, action, now, cancellationToken);

    /// <summary>
    /// Refuses unless the user is, in the database now and inside <paramref name="transaction"/>: enabled, of at least
    /// <paramref name="role"/> for <paramref name="organizationId"/> (for every organization when it is null), with the
    /// security stamp they signed in with, in a session that is still open. One query. The program itself passes.
    /// </summary>
    /// <exception cref="AccessDeniedException">Any of these no longer holds.</exception>
    public async Task DemandAsync(DbTransaction transaction, Role role, long? organizationId, string action, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        Demand(role, action);
        if (IsSystem)
        {
            return;
        }
        // The organization and everything above it: a role held for any of them covers it.
        const string sql = """
            WITH RECURSIVE lineage (id) AS (
                SELECT id FROM organizations WHERE id = @organizationId
                UNION
                SELECT o.parent_id FROM organizations o JOIN lineage l ON o.id = l.id WHERE o.parent_id IS NOT NULL
            )
            SELECT u.role, u.disabled, u.security_stamp, u.organization_id,
                   EXISTS (SELECT 1 FROM sessions s
                           WHERE s.id = @SessionId AND s.user_id = u.id AND s.ended_at IS NULL AND s.expires_at > @now) AS session_open,
                   (u.organization_id IS NULL OR u.organization_id IN (SELECT id FROM lineage)) AS in_scope
            FROM users u
            WHERE u.user_name = @UserName
            """;
        var current = await transaction.Connection!.QuerySingleOrDefaultAsync<CurrentUser>(new CommandDefinition(sql,
            new { UserName, SessionId, now, organizationId }, transaction, cancellationToken: cancellationToken));
        if (current is null || current.Disabled || current.SecurityStamp != Stamp || !current.SessionOpen || current.OrganizationId != ScopeId)
        {
            throw new AccessDeniedException(action, role, this, signedOut: true);
        }
        if (current.Role < role || !current.InScope)
        {
            throw new AccessDeniedException(action, role, this);
        }
    }

    private sealed record CurrentUser
    {
        public Role Role { get; init; }
        public bool Disabled { get; init; }
        public string SecurityStamp { get; init; } = "";
        public long? OrganizationId { get; init; }
        public bool SessionOpen { get; init; }
        public bool InScope { get; init; }
    }
}

/// <summary>
/// An operation was refused because the actor may not do it (or no longer may: their session ended), or because what
/// it would change may not be changed now (a year submitted for review). Pages show <see cref="Exception.Message"/>.
/// </summary>
public sealed class AccessDeniedException : Exception
{
    public AccessDeniedException(string action, Role required, Actor actor, bool signedOut = false)
        : base(signedOut
            ? $"您的登录已失效（账户已被停用、修改了密码或角色，或已在别处退出），未能{action}。请重新登录。"
            : $"“{actor.UserName}”无权{action}：需要该单位的{RoleName(required)}权限。")
    {
        Required = required;
        SignedOut = signedOut;
    }

    /// <summary>Refused for a reason other than the actor's role, said in full by <paramref name="message"/>.</summary>
    public AccessDeniedException(string message) : base(message)
    {
    }

    /// <summary>The role the operation needs; null when it was refused for another reason.</summary>
    public Role? Required { get; }

    /// <summary>The user's session is over: the page should ask them to sign in again.</summary>
    public bool SignedOut { get; }

    private static string RoleName(Role role) => role switch
    {
        Role.Viewer => "查看",
        Role.Editor => "编辑",
        Role.Reviewer => "审核",
        _ => "管理",
    };
}
