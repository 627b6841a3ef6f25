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
    /// Lets an attempt go ahead or says until when it must wait. An attempt that goes ahead is counted as a failure at
    /// once, in the same transaction as the check — many attempts sent at the same moment are counted one after
    /// another, so they cannot all slip past the check — and <see cref="SucceededAsync"/> takes it back. While only the
    /// address waits (failures with many names from one office's NAT), a name without failures of its own may still
    /// try once: <see cref="Attempt.OnlyIfRight"/> — the right password signs in, a wrong one is refused as waiting.
    /// </summary>
    public async Task<Attempt> TryBeginAttemptAsync(string userName, string address, ThrottleRules rules, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);   // one writer at a time
        var rows = await FailuresAsync(connection, transaction, userName, address, rules, now, cancellationToken);
        var nameWait = Wait(rows.Where(r => r.NameHash != AnyName && r.Address == address), rules, rules.FreeFailures, now);
        var addressWait = Wait(rows.Where(r => r.NameHash == AnyName), rules, rules.FreeFailuresPerAddress, now);
        if (nameWait is { } until)
        {
            return new Attempt(until, OnlyIfRight: false);
        }
        if (addressWait is { } addressUntil && rows.Any(r => r.NameHash != AnyName && r.Count > 0))
        {
            return new Attempt(addressUntil, OnlyIfRight: false);
        }
        await RecordAsync(connection, transaction, userName, address, rules, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Attempt(addressWait, OnlyIfRight: addressWait is not null);
    }

    /// <summary>
    /// An attempt to sign in: <see cref="WaitUntil"/> null — it goes ahead; with <see cref="OnlyIfRight"/> — it goes
    /// ahead, but only the right password counts (the address waits); otherwise refused until then.
    /// </summary>
    public sealed record Attempt(DateTimeOffset? WaitUntil, bool OnlyIfRight)
    {
        public bool GoesAhead => WaitUntil is null || OnlyIfRight;
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
        var rows = await FailuresAsync(connection, transaction, userName, address, rules, now, cancellationToken);
        return new[]
        {
            Wait(rows.Where(r => r.NameHash != AnyName && r.Address == address), rules, rules.FreeFailures, now),
            Wait(rows.Where(r => r.NameHash == AnyName), rules, rules.FreeFailuresPerAddress, now),
        }.Max();
    }

    /// <summary>The name's failures from every address, and the address's failures with any name, not yet forgotten.</summary>
    private static async Task<List<Failures>> FailuresAsync(
        DbConnection connection, DbTransaction? transaction, string userName, string address, ThrottleRules rules, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT name_hash, address, failures AS count, last_failure_at FROM sign_in_failures
            WHERE (name_hash = @name OR (name_hash = @any AND address = @address)) AND last_failure_at > @forgotten
            """;
        var rows = await connection.QueryAsync<Failures>(new CommandDefinition(sql,
            new { address, name = Hash(userName), any = AnyName, forgotten = now - rules.MaxDelay }, transaction, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    private static DateTimeOffset? Wait(IEnumerable<Failures> rows, ThrottleRules rules, int free, DateTimeOffset now) =>
        rows.Select(row => rules.WaitUntil(row.Count, row.LastFailureAt, free)).Where(at => at > now).Max();

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

    /// <summary>
    /// Lets everyone behind an address sign in again at once (<c>user unlock --address</c>, or the administrators'
    /// page): forgets every failure counted from it. Returns how many rows went.
    /// </summary>
    public async Task<int> UnlockAddressAsync(string address, Actor actor, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        await actor.DemandAsync(transaction, Permissions.Administer, null, "解除登录限制", now, cancellationToken);
        var removed = await connection.ExecuteAsync(new CommandDefinition("DELETE FROM sign_in_failures WHERE address = @address",
            new { address }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return removed;
    }

    /// <summary>The addresses whose attempts (with any name) wait now, and until when — for the administrators' page.</summary>
    public async Task<IReadOnlyList<(string Address, DateTimeOffset Until)>> WaitingAddressesAsync(ThrottleRules rules, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        const string sql = "SELECT name_hash, address, failures AS count, last_failure_at FROM sign_in_failures WHERE name_hash = @any AND last_failure_at > @forgotten";
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Failures>(new CommandDefinition(sql, new { any = AnyName, forgotten = now - rules.MaxDelay }, cancellationToken: cancellationToken));
        return [.. rows
            .Select(row => (row.Address, Until: rules.WaitUntil(row.Count, row.LastFailureAt, rules.FreeFailuresPerAddress)))
            .Where(w => w.Until > now)
            .Select(w => (w.Address, w.Until!.Value))
            .OrderBy(w => w.Address, StringComparer.Ordinal)];
    }

    /// <summary>Until when this name's attempts wait from any address (for the administrators' page); null when nowhere.</summary>
    public async Task<DateTimeOffset?> LatestWaitAsync(string userName, ThrottleRules rules, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        const string sql = "SELECT name_hash, address, failures AS count, last_failure_at FROM sign_in_failures WHERE name_hash = @name AND last_failure_at > @forgotten";
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Failures>(new CommandDefinition(sql,
            new { name = Hash(userName), forgotten = now - rules.MaxDelay }, cancellationToken: cancellationToken));
        return rows.Select(row => rules.WaitUntil(row.Count, row.LastFailureAt, rules.FreeFailures)).Where(at => at > now).Max();
    }

    private sealed record Failures
    {
        public string NameHash { get; init; } = "";
        public string Address { get; init; } = "";
        public long Count { get; init; }
        public DateTimeOffset LastFailureAt { get; init; }
    }

    /// <summary>The typed name, normalised and lower-cased, as a hash: what was typed is never stored.</summary>
    private static string Hash(string userName) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(UserNames.Normalize(userName).ToLowerInvariant())));
}
