using System.Data.Common;
using System.Security.Cryptography;
using Dapper;

namespace Dashboard.Data.Users;

/// <summary>
/// Changes accounts. Managing users is for administrators (or the program itself, for the first one). Every change
/// that should end a user's other sessions replaces their security stamp.
/// </summary>
public sealed class UserCommands(DashboardDb db, TimeProvider clock)
{
    /// <exception cref="ArgumentException">The name is not acceptable (<see cref="UserNames.Problem"/>).</exception>
    /// <exception cref="InvalidOperationException">A user of that name exists already.</exception>
    /// <param name="organizationId">The organization the role holds for (with everything under it); null for every organization.</param>
    public async Task<User> AddUserAsync(string userName, Role role, string passwordHash, Actor actor, long? organizationId = null, CancellationToken cancellationToken = default)
    {
        if (UserNames.Problem(userName) is { } problem)
        {
            throw new ArgumentException(problem);
        }
        if (!Enum.IsDefined(role))
        {
            throw new ArgumentException("角色不正确。");
        }
        var name = UserNames.Normalize(userName);
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        await actor.DemandAsync(transaction, Permissions.Administer, null, "添加用户", clock.GetUtcNow(), cancellationToken);
        await CheckOrganizationAsync(transaction, organizationId, cancellationToken);
        const string sql = """
            INSERT INTO users (user_name, role, organization_id, password_hash, security_stamp, created_at, updated_at)
            VALUES (@name, @Role, @organizationId, @passwordHash, @stamp, @now, @now)
            ON CONFLICT (user_name) DO NOTHING
            RETURNING id
            """;
        var id = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(sql,
            new { name, Role = role.ToString(), organizationId, passwordHash, stamp = NewToken(), now = clock.GetUtcNow() }, transaction, cancellationToken: cancellationToken));
        if (id is null)
        {
            throw new InvalidOperationException($"用户名“{name}”已存在。");
        }
        await transaction.CommitAsync(cancellationToken);
        return (await new UserQueries(db).GetUserAsync(name, cancellationToken))!;
    }

    public async Task SetPasswordAsync(string userName, string passwordHash, Actor actor, CancellationToken cancellationToken = default)
    {
        // Administrators reset anyone's password; a signed-in user may change their own.
        var own = actor.IsSignedIn && string.Equals(actor.UserName, UserNames.Normalize(userName), StringComparison.OrdinalIgnoreCase);
        const string sql = "UPDATE users SET password_hash = @value, security_stamp = @stamp, updated_at = @now WHERE user_name = @userName";
        await ChangeAsync(sql, userName, passwordHash, actor, own ? OwnAccount : Permissions.Administer, own ? actor.ScopeId : null, "重置密码", keepAnAdministrator: false, cancellationToken);
    }

    /// <summary>
    /// Sets where the user's notifications are mailed (通知邮箱; empty: in the app only) and returns it as stored. A
    /// signed-in user sets their own; an administrator of every organization anyone's. The address is no credential:
    /// nobody's sessions end.
    /// </summary>
    /// <exception cref="ArgumentException">The address is not acceptable (<see cref="EmailAddresses.Problem"/>).</exception>
    public async Task<string> SetEmailAsync(string userName, string email, Actor actor, CancellationToken cancellationToken = default)
    {
        if (EmailAddresses.Problem(email) is { } problem)
        {
            throw new ArgumentException(problem);
        }
        var address = EmailAddresses.Normalize(email);
        var own = actor.IsSignedIn && string.Equals(actor.UserName, UserNames.Normalize(userName), StringComparison.OrdinalIgnoreCase);
        const string sql = "UPDATE users SET email = @value, updated_at = @now WHERE user_name = @userName";
        await ChangeAsync(sql, userName, address, actor, own ? OwnAccount : Permissions.Administer, own ? actor.ScopeId : null, "修改通知邮箱", keepAnAdministrator: false, cancellationToken);
        return address;
    }

    /// <summary>
    /// Signs the actor out everywhere but here (a browser left signed in at another desk): their other sessions end and a
    /// new stamp ends what is open of them at once. The caller re-issues this browser's cookie with the new stamp.
    /// </summary>
    public async Task EndOtherSessionsAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        const string sql = """
            UPDATE users SET security_stamp = @stamp, updated_at = @now WHERE user_name = @userName;
            UPDATE sessions SET ended_at = @now WHERE user_id = (SELECT id FROM users WHERE user_name = @userName) AND id <> @value AND ended_at IS NULL;
            """;
        await ChangeAsync(sql, actor.UserName, actor.SessionId ?? "", actor, OwnAccount, actor.ScopeId, "退出其他登录", keepAnAdministrator: false, cancellationToken);
    }

    /// <summary>Gives the user <paramref name="role"/> for <paramref name="organizationId"/> and everything under it (null: for every organization).</summary>
    public async Task SetRoleAsync(string userName, Role role, Actor actor, long? organizationId = null, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(role))
        {
            throw new ArgumentException("角色不正确。");
        }
        const string sql = "UPDATE users SET role = @value, organization_id = @organizationId, security_stamp = @stamp, updated_at = @now WHERE user_name = @userName";
        await ChangeAsync(sql, userName, role.ToString(), actor, Permissions.Administer, null, "更改角色", keepAnAdministrator: role != Role.Admin || organizationId is not null, cancellationToken, organizationId);
    }

    public async Task SetDisabledAsync(string userName, bool disabled, Actor actor, CancellationToken cancellationToken = default)
    {
        const string sql = "UPDATE users SET disabled = @value, security_stamp = @stamp, updated_at = @now WHERE user_name = @userName";
        await ChangeAsync(sql, userName, disabled ? 1 : 0, actor, Permissions.Administer, null, disabled ? "停用用户" : "启用用户", keepAnAdministrator: disabled, cancellationToken);
    }

    /// <summary>One's own account: any signed-in user, in their own scope.</summary>
    private static readonly Permission OwnAccount = new(nameof(OwnAccount), Role.Viewer, EverywhereOnly: false);

    /// <summary>
    /// Runs one of this class's updates after checking the actor and the rules; <paramref name="sql"/> gets a new
    /// security stamp as <c>@stamp</c>, which an update that should end the user's other sessions sets.
    /// </summary>
    private async Task ChangeAsync(string sql, string userName, object value, Actor actor, Permission required, long? requiredFor, string action, bool keepAnAdministrator,
        CancellationToken cancellationToken, long? organizationId = null)
    {
        var name = UserNames.Normalize(userName);
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        await actor.DemandAsync(transaction, required, requiredFor, action, clock.GetUtcNow(), cancellationToken);
        await CheckOrganizationAsync(transaction, organizationId, cancellationToken);
        if (keepAnAdministrator)
        {
            await KeepAnAdministratorAsync(transaction, name, cancellationToken);
        }
        var changed = await connection.ExecuteAsync(new CommandDefinition(sql,
            new { userName = name, value, organizationId, stamp = NewToken(), now = clock.GetUtcNow() }, transaction, cancellationToken: cancellationToken));
        if (changed == 0)
        {
            throw new InvalidOperationException($"没有名为“{name}”的用户。");
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task CheckOrganizationAsync(DbTransaction transaction, long? organizationId, CancellationToken cancellationToken)
    {
        if (organizationId is { } id && await transaction.Connection!.QuerySingleAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM organizations WHERE id = @id", new { id }, transaction, cancellationToken: cancellationToken)) == 0)
        {
            throw new ArgumentException("所选单位不存在。");
        }
    }

    /// <summary>Refuses to take away the last enabled administrator of every organization: nobody could manage users any more.</summary>
    private static async Task KeepAnAdministratorAsync(DbTransaction transaction, string userName, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT (SELECT count(*) FROM users WHERE role = 'Admin' AND organization_id IS NULL AND disabled = 0 AND user_name <> @userName) AS others,
                   (SELECT count(*) FROM users WHERE role = 'Admin' AND organization_id IS NULL AND disabled = 0 AND user_name = @userName) AS target
            """;
        var (others, target) = await transaction.Connection!.QuerySingleAsync<(long, long)>(new CommandDefinition(sql, new { userName }, transaction, cancellationToken: cancellationToken));
        if (target > 0 && others == 0)
        {
            throw new InvalidOperationException("至少需要保留一名可用的管理员。");
        }
    }

    internal static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
