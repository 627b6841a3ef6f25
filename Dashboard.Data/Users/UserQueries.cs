using Dapper;

namespace Dashboard.Data.Users;

public sealed class UserQueries(DashboardDb db)
{
    private const string Columns = """
        id, user_name, role, password_hash, security_stamp, disabled, failed_attempts, locked_until, created_at, updated_at
        """;

    public async Task<User?> GetUserAsync(string userName, CancellationToken cancellationToken = default)
    {
        const string sql = $"SELECT {Columns} FROM users WHERE user_name = @userName";
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<User>(new CommandDefinition(sql, new { userName }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<User>> GetUsersAsync(CancellationToken cancellationToken = default)
    {
        const string sql = $"SELECT {Columns} FROM users ORDER BY user_name";
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<User>(new CommandDefinition(sql, cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
