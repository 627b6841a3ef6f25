using System.Data.Common;
using Dapper;
using Dashboard.Data.Users;

namespace Dashboard.Data.Inbox;

/// <summary>What a notification is about.</summary>
public enum NoticeKind { RoundOpened, DeadlineNear, Submitted, Returned, Approved, Corrected }

/// <summary>A notification to send: what, about which organization's year, and where it leads (a path in the app).</summary>
public sealed record Notice(NoticeKind Kind, long? OrganizationId, int? Year, string Title, string Body, string Link, string? OnceKey = null);

/// <summary>A notification in a user's inbox.</summary>
public sealed record Notification
{
    public long Id { get; init; }
    public NoticeKind Kind { get; init; }
    public long? OrganizationId { get; init; }
    public int? Year { get; init; }
    public string Title { get; init; } = "";
    public string Body { get; init; } = "";
    public string Link { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ReadAt { get; init; }
    public bool IsRead => ReadAt is not null;
}

/// <summary>
/// Each user's notifications: written in the same transaction as the step they tell of (a submission, a return …), so
/// no step goes untold and nothing is told of a step that did not happen. A user who gave an e-mail address also gets
/// a row in the mail outbox, sent later by the app through the office's own mail server when one is configured
/// (failures are retried and never block the step). A user reads and marks only their own.
/// </summary>
public sealed class Inbox(DashboardDb db, TimeProvider clock)
{
    public const int MaxShown = 50;

    /// <summary>
    /// Tells <paramref name="userIds"/> (each once) of <paramref name="notice"/> inside the caller's transaction. A notice
    /// with a <see cref="Notice.OnceKey"/> already sent to a user is not sent to them again (a reminder).
    /// </summary>
    internal static async Task<int> SendAsync(DbTransaction transaction, IEnumerable<long> userIds, Notice notice, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var connection = transaction.Connection!;
        var sent = 0;
        foreach (var userId in userIds.Distinct())
        {
            const string insert = """
                INSERT INTO notifications (user_id, kind, organization_id, year, title, body, link, dedupe_key, created_at)
                VALUES (@userId, @Kind, @OrganizationId, @Year, @Title, @Body, @Link, @OnceKey, @now)
                ON CONFLICT DO NOTHING
                RETURNING id
                """;
            var id = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(insert, new
            {
                userId, Kind = notice.Kind.ToString(), notice.OrganizationId, notice.Year, notice.Title, notice.Body, notice.Link, notice.OnceKey, now,
            }, transaction, cancellationToken: cancellationToken));
            if (id is null)
            {
                continue;
            }
            sent++;
            const string mail = """
                INSERT INTO mail_outbox (notification_id, to_address, subject, body, created_at, next_attempt_at)
                SELECT @id, email, @Title, @Body, @now, @now FROM users WHERE id = @userId AND email <> '' AND disabled = 0
                """;
            await connection.ExecuteAsync(new CommandDefinition(mail, new { id, userId, notice.Title, Body = MailBody(notice), now },
                transaction, cancellationToken: cancellationToken));
        }
        return sent;
    }

    private static string MailBody(Notice notice) =>
        notice.Body.Length > 0 ? $"{notice.Body}\n\n打开：{notice.Link}" : $"打开：{notice.Link}";

    /// <summary>The newest notifications of the signed-in <paramref name="actor"/> (a visitor has none: refused).</summary>
    public async Task<IReadOnlyList<Notification>> GetAsync(Actor actor, int limit = MaxShown, CancellationToken cancellationToken = default)
    {
        actor.Demand(Role.Viewer, "查看通知");
        await using var connection = await db.OpenAsync(cancellationToken);
        const string sql = """
            SELECT n.id, n.kind, n.organization_id, n.year, n.title, n.body, n.link, n.created_at, n.read_at
            FROM notifications n JOIN users u ON u.id = n.user_id
            WHERE u.user_name = @UserName
            ORDER BY n.id DESC
            LIMIT @limit
            """;
        return [.. await connection.QueryAsync<Notification>(new CommandDefinition(sql, new { actor.UserName, limit }, cancellationToken: cancellationToken))];
    }

    /// <summary>How many of the <paramref name="actor"/>'s notifications are unread.</summary>
    public async Task<int> UnreadAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Role.Viewer, "查看通知");
        await using var connection = await db.OpenAsync(cancellationToken);
        const string sql = """
            SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id
            WHERE u.user_name = @UserName AND n.read_at IS NULL
            """;
        return (int)await connection.QuerySingleAsync<long>(new CommandDefinition(sql, new { actor.UserName }, cancellationToken: cancellationToken));
    }

    /// <summary>Marks one of the actor's own notifications read, or all of them when <paramref name="id"/> is null.</summary>
    public async Task MarkReadAsync(Actor actor, long? id, CancellationToken cancellationToken = default)
    {
        actor.Demand(Role.Viewer, "标记通知为已读");
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        var now = clock.GetUtcNow();
        await actor.DemandAsync(transaction, Role.Viewer, actor.ScopeId, "标记通知为已读", now, cancellationToken);
        var sql = $"""
            UPDATE notifications SET read_at = @now
            WHERE read_at IS NULL {(id is null ? "" : "AND id = @id")}
              AND user_id = (SELECT id FROM users WHERE user_name = @UserName)
            """;
        await connection.ExecuteAsync(new CommandDefinition(sql, new { now, id, actor.UserName }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }
}
