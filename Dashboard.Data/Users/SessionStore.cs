using Dapper;

namespace Dashboard.Data.Users;

/// <summary>
/// Sessions, as the program's sign-in opens and ends them: not a user's write (nobody acts here but the sign-in form,
/// after checking a password, and the sign-out form, for its own session), so no actor.
/// </summary>
public sealed class SessionStore(DashboardDb db, TimeProvider clock)
{
    /// <summary>Opens a session for a user who just proved their password; it ends by <see cref="EndAsync"/> or at <paramref name="expiresAt"/>.</summary>
    public async Task<Session> StartAsync(long userId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var session = new Session { Id = UserCommands.NewToken(), UserId = userId, CreatedAt = now, ExpiresAt = expiresAt };
        const string sql = """
            INSERT INTO sessions (id, user_id, created_at, expires_at) VALUES (@Id, @UserId, @CreatedAt, @ExpiresAt);
            DELETE FROM sessions WHERE expires_at < @old;
            """;
        await using var connection = await db.OpenAsync(cancellationToken);
        // Sessions long over are of no use to anyone: forgotten a month after they would have expired.
        await connection.ExecuteAsync(new CommandDefinition(sql, new { session.Id, session.UserId, session.CreatedAt, session.ExpiresAt, old = now.AddDays(-30) }, cancellationToken: cancellationToken));
        return session;
    }

    /// <summary>Signing out: the session's cookie is worth nothing from now on, wherever a copy of it is.</summary>
    public async Task EndAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        const string sql = "UPDATE sessions SET ended_at = @now WHERE id = @sessionId AND ended_at IS NULL";
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { sessionId, now = clock.GetUtcNow() }, cancellationToken: cancellationToken));
    }

}
