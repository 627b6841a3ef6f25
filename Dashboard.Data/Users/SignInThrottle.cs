using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;

namespace Dashboard.Data.Users;

/// <summary>How hard sign-in attempts are slowed down after failures.</summary>
/// <param name="FreeFailures">Failures of one user name from one address before attempts must wait.</param>
/// <param name="FreeFailuresPerAddress">Failures from one address, whatever the name, before its attempts must wait.</param>
/// <param name="FirstDelay">The wait after the first failure beyond the free ones; it doubles with each further failure.</param>
/// <param name="MaxDelay">The longest wait; also how long failures are remembered after the last one.</param>
public sealed record ThrottleRules(int FreeFailures, int FreeFailuresPerAddress, TimeSpan FirstDelay, TimeSpan MaxDelay)
{
    /// <summary>When the next attempt may be made after <paramref name="failures"/> failures, the last at <paramref name="last"/>.</summary>
    public DateTimeOffset? WaitUntil(long failures, DateTimeOffset last, int free)
    {
        if (failures < free) return null;
        var doublings = Math.Min(failures - free, 20);
        var delay = TimeSpan.FromTicks(Math.Min(FirstDelay.Ticks << (int)doublings, MaxDelay.Ticks));
        return last + delay;
    }
}

/// <summary>
/// Slows down guessing instead of locking accounts. Failures are counted per typed user name and client address, and
/// per address; once past the free ones, each attempt must wait progressively longer (30 s, 1 min, 2 min … 15 min),
/// and is refused unseen until then — the same for a name that exists and one that does not, so the answer says
/// nothing about which names exist. Someone guessing from elsewhere never keeps a user out of their own desk, and
/// failures are forgotten once the longest wait has passed since the last one. <c>user unlock NAME</c> clears them.
/// </summary>
public sealed class SignInThrottle(DashboardDb db)
{
    private const string AnyName = "*";

    /// <summary>Until when attempts with this name from this address must wait; null when they may go ahead.</summary>
    public async Task<DateTimeOffset?> WaitUntilAsync(string userName, string address, ThrottleRules rules, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await WaitUntilAsync(connection, null, userName, address, rules, now, cancellationToken);
    }

    /// <summary>
    /// Lets an attempt go ahead (null) or says until when it must wait. An attempt that goes ahead is counted as a
    /// failure at once, in the same transaction as the check — many attempts sent at the same moment are counted one
    /// after another, so they cannot all slip past the check — and <see cref="SucceededAsync"/> takes it back.
    /// </summary>
    public async Task<DateTimeOffset?> TryBeginAttemptAsync(string userName, string address, ThrottleRules rules, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);   // one writer at a time
        if (await WaitUntilAsync(connection, transaction, userName, address, rules, now, cancellationToken) is { } until)
        {
            return until;
        }
        await RecordAsync(connection, transaction, userName, address, rules, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    /// <summary>Counts a failure for the name and the address (a count older than the longest wait starts again).</summary>
    public async Task RecordFailureAsync(string userName, string address, ThrottleRules rules, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await RecordAsync(connection, null, userName, address, rules, now, cancellationToken);
    }

    private static async Task<DateTimeOffset?> WaitUntilAsync(
        DbConnection connection, DbTransaction? transaction, string userName, string address, ThrottleRules rules, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT name_hash, failures AS count, last_failure_at FROM sign_in_failures
            WHERE address = @address AND name_hash IN (@name, @any) AND last_failure_at > @forgotten
            """;
        var rows = await connection.QueryAsync<Failures>(new CommandDefinition(sql,
            new { address, name = Hash(userName), any = AnyName, forgotten = now - rules.MaxDelay }, transaction, cancellationToken: cancellationToken));
        return rows
            .Select(row => rules.WaitUntil(row.Count, row.LastFailureAt, row.NameHash == AnyName ? rules.FreeFailuresPerAddress : rules.FreeFailures))
            .Where(at => at > now)
            .Max();
    }

    private static async Task RecordAsync(
        DbConnection connection, DbTransaction? transaction, string userName, string address, ThrottleRules rules, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Failures forgotten (older than the longest wait) are deleted: nothing typed stays longer than it counts.
        const string sql = """
            DELETE FROM sign_in_failures WHERE last_failure_at <= @forgotten;
            INSERT INTO sign_in_failures (name_hash, address, failures, last_failure_at) VALUES (@name, @address, 1, @now), (@any, @address, 1, @now)
            ON CONFLICT (name_hash, address) DO UPDATE
            SET failures = sign_in_failures.failures + 1, last_failure_at = excluded.last_failure_at;
            """;
        await connection.ExecuteAsync(new CommandDefinition(sql,
            new { name = Hash(userName), any = AnyName, address, now, forgotten = now - rules.MaxDelay }, transaction, cancellationToken: cancellationToken));
    }

    /// <summary>A successful sign-in forgets the name's failures from that address, and takes back its own count of the address.</summary>
    public async Task SucceededAsync(string userName, string address, CancellationToken cancellationToken = default)
    {
        const string sql = """
            DELETE FROM sign_in_failures WHERE name_hash = @name AND address = @address;
            UPDATE sign_in_failures SET failures = CASE WHEN failures > 1 THEN failures - 1 ELSE 0 END WHERE name_hash = @any AND address = @address;
            """;
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { name = Hash(userName), any = AnyName, address }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Lets a user sign in again at once (<c>user unlock NAME</c>, or an administrator's page): forgets the name's
    /// failures from every address, and the address counts of the addresses they came from. Returns how many rows went.
    /// </summary>
    public async Task<int> UnlockAsync(string userName, Actor actor, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        await actor.DemandAsync(transaction, Permissions.Administer, null, "解除登录限制", now, cancellationToken);
        const string sql = """
            DELETE FROM sign_in_failures
            WHERE name_hash = @name
               OR (name_hash = @any AND address IN (SELECT address FROM sign_in_failures WHERE name_hash = @name))
            """;
        var removed = await connection.ExecuteAsync(new CommandDefinition(sql, new { name = Hash(userName), any = AnyName }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return removed;
    }

    /// <summary>Until when this name's attempts wait from any address (for the administrators' page); null when nowhere.</summary>
    public async Task<DateTimeOffset?> LatestWaitAsync(string userName, ThrottleRules rules, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        const string sql = "SELECT name_hash, failures AS count, last_failure_at FROM sign_in_failures WHERE name_hash = @name AND last_failure_at > @forgotten";
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Failures>(new CommandDefinition(sql,
            new { name = Hash(userName), forgotten = now - rules.MaxDelay }, cancellationToken: cancellationToken));
        return rows.Select(row => rules.WaitUntil(row.Count, row.LastFailureAt, rules.FreeFailures)).Where(at => at > now).Max();
    }

    private sealed record Failures
    {
        public string NameHash { get; init; } = "";
        public long Count { get; init; }
        public DateTimeOffset LastFailureAt { get; init; }
    }

    /// <summary>The typed name, normalised and lower-cased, as a hash: what was typed is never stored.</summary>
    private static string Hash(string userName) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(UserNames.Normalize(userName).ToLowerInvariant())));
}
