using Dapper;

namespace Dashboard.Data.Inbox;

/// <summary>A mail of the outbox, taken to be sent.</summary>
public sealed record OutgoingMail
{
    public long Id { get; init; }
    public string ToAddress { get; init; } = "";
    public string Subject { get; init; } = "";
    public string Body { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>How many times it was tried before.</summary>
    public long Attempts { get; init; }
}

/// <summary>
/// The mail outbox (<c>mail_outbox</c>) as the sender works through it: what is due, oldest first; sent; failed and tried
/// again later, at longer and longer intervals; given up when too old. <see cref="Inbox"/> fills it in the transaction of
/// the step a notification tells of. Every change is a write transaction of its own (writers take turns on both
/// engines), so several app servers on one PostgreSQL database never take the same mail.
/// </summary>
public sealed class MailQueue(DashboardDb db)
{
    /// <summary>The start of <c>last_error</c> of a mail given up: it is not given up (nor logged) twice.</summary>
    public const string GivenUpMark = "已放弃：";

    /// <summary>How long after its <paramref name="failures"/>-th failed attempt a mail is tried again: 1 minute, 2, 4 … at most an hour.</summary>
    public static TimeSpan Backoff(long failures) =>
        TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, Math.Clamp(failures, 1, 7) - 1)));

    /// <summary>
    /// Takes up to <paramref name="limit"/> mails that are due at <paramref name="now"/> and not older than
    /// <paramref name="oldest"/>, oldest first, and holds them until <paramref name="heldUntil"/>: another sender (a
    /// second app server) passes them over meanwhile, and a sender that stopped in the middle leaves them to be tried
    /// again after it.
    /// </summary>
    public async Task<IReadOnlyList<OutgoingMail>> TakeDueAsync(DateTimeOffset now, DateTimeOffset oldest, DateTimeOffset heldUntil, int limit,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        const string due = """
            SELECT id, to_address, subject, body, created_at, attempts FROM mail_outbox
            WHERE sent_at IS NULL AND next_attempt_at <= @now AND created_at >= @oldest
            ORDER BY created_at, id
            LIMIT @limit
            """;
        var mails = (await connection.QueryAsync<OutgoingMail>(new CommandDefinition(due, new { now, oldest, limit }, transaction,
            cancellationToken: cancellationToken))).AsList();
        if (mails.Count > 0)
        {
            var hold = $"UPDATE mail_outbox SET next_attempt_at = @heldUntil WHERE {Dialect.AnyOf(connection, "id", "@ids")}";
            await connection.ExecuteAsync(new CommandDefinition(hold, new { heldUntil, ids = mails.Select(m => m.Id).ToArray() }, transaction,
                cancellationToken: cancellationToken));
        }
        await transaction.CommitAsync(cancellationToken);
        return mails;
    }

    /// <summary>The mail went: it is never sent again.</summary>
    public async Task SentAsync(long id, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        const string sql = "UPDATE mail_outbox SET sent_at = @now, attempts = attempts + 1 WHERE id = @id AND sent_at IS NULL";
        await WriteAsync(sql, new { id, now }, cancellationToken);
    }

    /// <summary>
    /// The mail did not go (<paramref name="error"/> says why): tried again after <see cref="Backoff"/> of its failures so far.
    /// Returns when.
    /// </summary>
    public async Task<DateTimeOffset> FailedAsync(OutgoingMail mail, string error, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var next = now + Backoff(mail.Attempts + 1);
        const string sql = """
            UPDATE mail_outbox SET attempts = attempts + 1, last_error = @error, next_attempt_at = @next
            WHERE id = @id AND sent_at IS NULL
            """;
        await WriteAsync(sql, new { id = mail.Id, error = error.Length > 1000 ? error[..1000] : error, next }, cancellationToken);
        return next;
    }

    /// <summary>
    /// Gives up the mails not sent that were queued before <paramref name="oldest"/> once they are due again (not while a
    /// sender holds one): they stay unsent, and their <c>last_error</c> says so and why (<paramref name="reason"/>, then
    /// the last error). Returns their ids, each once.
    /// </summary>
    public async Task<IReadOnlyList<long>> GiveUpAsync(DateTimeOffset now, DateTimeOffset oldest, string reason, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        const string sql = """
            UPDATE mail_outbox
            SET last_error = CASE WHEN last_error = '' THEN @text ELSE @text || '最后一次错误：' || last_error END
            WHERE sent_at IS NULL AND created_at < @oldest AND next_attempt_at <= @now AND last_error NOT LIKE @mark
            RETURNING id
            """;
        var ids = (await connection.QueryAsync<long>(new CommandDefinition(sql,
            new { now, oldest, text = GivenUpMark + reason, mark = GivenUpMark + "%" }, transaction, cancellationToken: cancellationToken))).AsList();
        await transaction.CommitAsync(cancellationToken);
        return ids;
    }

    private async Task WriteAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }
}
