using Dapper;

namespace Dashboard.Data.Users;

/// <summary>
/// Changes accounts. Managing users is for administrators (or the program itself, for the first one); the
/// sign-in bookkeeping belongs to the program. Every change that should end a user's other sessions replaces
/// their security stamp.
/// </summary>
public sealed class UserCommands(DashboardDb db, TimeProvider clock)
{
    /// <exception cref="InvalidOperationException">A user of that name exists already.</exception>
    public async Task<User> AddUserAsync(string userName, Role role, string passwordHash, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Role.Admin, "添加用户");
        const string sql = """
            INSERT INTO users (user_name, role, password_hash, security_stamp, created_at, updated_at)
            VALUES (@userName, @Role, @passwordHash, @stamp, @now, @now)
            ON CONFLICT (user_name) DO NOTHING
            RETURNING id
            """;
        await using var connection = await db.OpenAsync(cancellationToken);
        var id = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(sql,
            new { userName, Role = role.ToString(), passwordHash, stamp = NewStamp(), now = clock.GetUtcNow() }, cancellationToken: cancellationToken));
        if (id is null)
        {
            throw new InvalidOperationException($"用户名“{userName}”已存在。");
        }
        return (await new UserQueries(db).GetUserAsync(userName, cancellationToken))!;
    }

    public async Task SetPasswordAsync(string userName, string passwordHash, Actor actor, CancellationToken cancellationToken = default)
    {
        // Administrators reset anyone's password; a signed-in user may change their own.
        if (!actor.IsSignedIn || !string.Equals(actor.UserName, userName, StringComparison.OrdinalIgnoreCase))
        {
            actor.Demand(Role.Admin, "重置密码");
        }
        const string sql = """
            UPDATE users SET password_hash = @value, failed_attempts = 0, locked_until = NULL, security_stamp = @stamp, updated_at = @now
            WHERE user_name = @userName
            """;
        await ChangeAsync(sql, userName, passwordHash, cancellationToken);
    }

    public async Task SetRoleAsync(string userName, Role role, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Role.Admin, "更改角色");
        if (role != Role.Admin)
        {
            await KeepAnAdministratorAsync(userName, cancellationToken);
        }
        const string sql = "UPDATE users SET role = @value, security_stamp = @stamp, updated_at = @now WHERE user_name = @userName";
        await ChangeAsync(sql, userName, role.ToString(), cancellationToken);
    }

    public async Task SetDisabledAsync(string userName, bool disabled, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Role.Admin, disabled ? "停用用户" : "启用用户");
        if (disabled)
        {
            await KeepAnAdministratorAsync(userName, cancellationToken);
        }
        const string sql = "UPDATE users SET disabled = @value, security_stamp = @stamp, updated_at = @now WHERE user_name = @userName";
        await ChangeAsync(sql, userName, disabled ? 1 : 0, cancellationToken);
    }

    /// <summary>Counts a failed sign-in; the attempt that reaches <paramref name="maxAttempts"/> locks the account until the given time.</summary>
    public async Task RecordFailedSignInAsync(string userName, int maxAttempts, TimeSpan lockout, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Role.Admin, "记录登录失败");
        const string sql = """
            UPDATE users
            SET failed_attempts = failed_attempts + 1,
                locked_until = CASE WHEN failed_attempts + 1 >= @maxAttempts THEN @until ELSE locked_until END
            WHERE user_name = @userName
            """;
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql,
            new { userName, maxAttempts, until = clock.GetUtcNow() + lockout }, cancellationToken: cancellationToken));
    }

    public async Task RecordSuccessfulSignInAsync(string userName, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Role.Admin, "记录登录成功");
        const string sql = "UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE user_name = @userName";
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { userName }, cancellationToken: cancellationToken));
    }

    /// <summary>Refuses to take away the last enabled administrator: nobody could manage users any more.</summary>
    private async Task KeepAnAdministratorAsync(string userName, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT count(*) FROM users
            WHERE role = 'Admin' AND disabled = 0 AND user_name <> @userName
            """;
        await using var connection = await db.OpenAsync(cancellationToken);
        var others = await connection.QuerySingleAsync<int>(new CommandDefinition(sql, new { userName }, cancellationToken: cancellationToken));
        var target = await new UserQueries(db).GetUserAsync(userName, cancellationToken);
        if (target is { Role: Role.Admin, Disabled: false } && others == 0)
        {
            throw new InvalidOperationException("至少需要保留一名可用的管理员。");
        }
    }

    /// <summary>Runs one of this class's updates, which also replaces the security stamp.</summary>
    private async Task ChangeAsync(string sql, string userName, object value, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(sql,
            new { userName, value, stamp = NewStamp(), now = clock.GetUtcNow() }, cancellationToken: cancellationToken));
        if (changed == 0)
        {
            throw new InvalidOperationException($"没有名为“{userName}”的用户。");
        }
    }

    private static string NewStamp() => Guid.NewGuid().ToString("N");
}
