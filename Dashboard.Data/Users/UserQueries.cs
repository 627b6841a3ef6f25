using System.Data.Common;
using Dapper;

namespace Dashboard.Data.Users;

public sealed class UserQueries(DashboardDb db)
{
    private const string Columns = "id, user_name, role, organization_id, password_hash, security_stamp, disabled, email, created_at, updated_at";

    /// <summary>The user of that name (normalised as <see cref="UserNames.Normalize"/>; letters in any case), or null.</summary>
    public async Task<User?> GetUserAsync(string userName, CancellationToken cancellationToken = default)
    {
        const string sql = $"SELECT {Columns} FROM users WHERE user_name = @name";
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<User>(new CommandDefinition(sql, new { name = UserNames.Normalize(userName) }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<User>> GetUsersAsync(CancellationToken cancellationToken = default)
    {
        const string sql = $"SELECT {Columns} FROM users ORDER BY user_name";
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<User>(new CommandDefinition(sql, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>A signed-in user and the session their cookie names, as they are now (for checking a cookie or an open page).</summary>
    public async Task<(User? User, Session? Session)> GetSignedInAsync(string userName, string sessionId, CancellationToken cancellationToken = default)
    {
        const string sql = $"""
            SELECT {Columns} FROM users WHERE user_name = @name;
            SELECT id, user_id, created_at, expires_at, ended_at FROM sessions WHERE id = @sessionId;
            """;
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(sql, new { name = UserNames.Normalize(userName), sessionId }, cancellationToken: cancellationToken));
        var user = await results.ReadSingleOrDefaultAsync<User>();
        var session = await results.ReadSingleOrDefaultAsync<Session>();
        return (user, session?.UserId == user?.Id ? session : null);
    }

    /// <summary>
    /// Something about the accounts that changes whenever a user is added, changed (password, role, disabled) or a
    /// session is ended: open pages re-check their user when it moves.
    /// </summary>
    public async Task<string> GetAccountsFingerprintAsync(CancellationToken cancellationToken = default)
    {
        const string sql = """
            SELECT (SELECT count(*) || ':' || coalesce(max(updated_at), '') FROM users)
                   || '|' || (SELECT count(*) || ':' || coalesce(max(ended_at), '') FROM sessions WHERE ended_at IS NOT NULL)
            """;
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleAsync<string>(new CommandDefinition(sql, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// The enabled users who hold one of <paramref name="roles"/> for <paramref name="organizationId"/> — for it, an
    /// organization above it, or every organization — except those named in <paramref name="except"/>.
    /// <paramref name="onlyAbove"/> leaves out those whose role holds for the organization itself only from its own level.
    /// </summary>
    internal static async Task<IReadOnlyList<long>> HoldersAsync(DbTransaction transaction, long organizationId, IReadOnlyCollection<Role> roles,
        bool onlyAbove, CancellationToken cancellationToken, params string[] except)
    {
        const string sql = """
            WITH RECURSIVE lineage (id) AS (
                SELECT id FROM organizations WHERE id = @organizationId
                UNION
                SELECT o.parent_id FROM organizations o JOIN lineage l ON o.id = l.id WHERE o.parent_id IS NOT NULL
            )
            SELECT id, user_name, role, organization_id FROM users
            WHERE disabled = 0 AND (organization_id IS NULL OR organization_id IN (SELECT id FROM lineage))
            """;
        var users = await transaction.Connection!.QueryAsync<(long Id, string UserName, string Role, long? OrganizationId)>(
            new CommandDefinition(sql, new { organizationId }, transaction, cancellationToken: cancellationToken));
        var names = roles.Select(r => r.ToString()).ToHashSet();
        return [.. users.Where(u => names.Contains(u.Role) && !(onlyAbove && u.OrganizationId == organizationId)
                                    && !except.Contains(u.UserName, StringComparer.OrdinalIgnoreCase)).Select(u => u.Id)];
    }
}
