using System.Data.Common;
using Dapper;
using Dashboard.Data.Users;

namespace Dashboard.Data.Years;

/// <summary>Where an organization's year stands in its cycle: 填报中 → 待审核 → 已退回 (and back) → 已发布.</summary>
public enum YearState { Open, Submitted, Returned, Published }

/// <summary>The states as the product writes them.</summary>
public static class YearWords
{
    public static string Of(YearState state) => state switch
    {
        YearState.Open => "填报中",
        YearState.Submitted => "待审核",
        YearState.Returned => "已退回",
        _ => "已发布",
    };
}

/// <summary>A step of the cycle, as its history names it.</summary>
public enum YearAction { Submit, Return, Approve, Publish }

/// <summary>An organization's year in its cycle; a year nobody has submitted is <see cref="YearState.Open"/>.</summary>
public sealed record YearStatus
{
    public long OrganizationId { get; init; }
    public int Year { get; init; }
    public YearState State { get; init; }
    /// <summary>How many times the year was submitted (a return and a new submission count one more).</summary>
    public int Submissions { get; init; }
    /// <summary>Who submitted it last: nobody approves their own submission.</summary>
    public string? SubmittedBy { get; init; }
    public DateTimeOffset? SubmittedAt { get; init; }
    /// <summary>Why it was submitted with indicators missing; empty when nothing was missing.</summary>
    public string GapReason { get; init; } = "";
    public DateTimeOffset? PublishedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
    public string UpdatedBy { get; init; } = "";

    public static YearStatus Open(long organizationId, int year) => new() { OrganizationId = organizationId, Year = year, State = YearState.Open };

    /// <summary>Editors may change the year's figures, targets and report (a published year: with a reason).</summary>
    public bool IsEditable => State != YearState.Submitted;
}

/// <summary>
/// The year's state as every write sees it, inside the write's own transaction (writers take turns on both engines, so
/// what is read here holds until the write commits): while a year is 待审核 nothing of it may change — figures,
/// targets, the report — by any path; a published year changes only with a reason, as a correction.
/// </summary>
public static class YearLock
{
    /// <summary>The year's state, read in <paramref name="transaction"/>.</summary>
    public static async Task<YearStatus> StatusAsync(DbTransaction transaction, long organizationId, int year, CancellationToken cancellationToken = default) =>
        await transaction.Connection!.QuerySingleOrDefaultAsync<YearStatus>(new CommandDefinition(
            $"SELECT {Columns} FROM year_states WHERE organization_id = @organizationId AND year = @year",
            new { organizationId, year }, transaction, cancellationToken: cancellationToken))
        ?? YearStatus.Open(organizationId, year);

    /// <summary>Refuses any change to a year that is waiting for its review.</summary>
    /// <exception cref="AccessDeniedException">The year is 待审核.</exception>
    public static async Task<YearStatus> DemandEditableAsync(DbTransaction transaction, long organizationId, int year, string action, CancellationToken cancellationToken = default)
    {
        var status = await StatusAsync(transaction, organizationId, year, cancellationToken);
        if (!status.IsEditable)
        {
            throw new AccessDeniedException($"{year} 年度已提交审核，审核人通过或退回之前不能{action}。");
        }
        return status;
    }

    /// <summary>The column list of <see cref="YearStatus"/>.</summary>
    public const string Columns = """
        organization_id, year, state, submissions, submitted_by, submitted_at, gap_reason, published_at, updated_at, updated_by
        """;

    /// <summary>
    /// Moves the year from one of <paramref name="from"/> to <paramref name="to"/> with its history row, in the caller's
    /// transaction; false (nothing written) when the year is in none of them now.
    /// </summary>
    internal static async Task<long?> MoveAsync(DbTransaction transaction, long organizationId, int year, IReadOnlyCollection<YearState> from, YearState to,
        YearAction action, string author, string reason, DateTimeOffset now, string gapReason = "", CancellationToken cancellationToken = default)
    {
        var current = await StatusAsync(transaction, organizationId, year, cancellationToken);
        if (!from.Contains(current.State))
        {
            return null;
        }
        var connection = transaction.Connection!;
        const string upsert = """
            INSERT INTO year_states (organization_id, year, state, submissions, submitted_by, submitted_at, gap_reason, published_at, updated_at, updated_by)
            VALUES (@organizationId, @year, @State, @Submissions, @SubmittedBy, @SubmittedAt, @GapReason, @PublishedAt, @now, @author)
            ON CONFLICT (organization_id, year) DO UPDATE
            SET state = excluded.state, submissions = excluded.submissions, submitted_by = excluded.submitted_by,
                submitted_at = excluded.submitted_at, gap_reason = excluded.gap_reason, published_at = excluded.published_at,
                updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """;
        var submitted = to == YearState.Submitted;
        await connection.ExecuteAsync(new CommandDefinition(upsert, new
        {
            organizationId, year, State = to.ToString(),
            Submissions = current.Submissions + (submitted ? 1 : 0),
            SubmittedBy = submitted ? author : current.SubmittedBy,
            SubmittedAt = submitted ? now : current.SubmittedAt,
            GapReason = submitted ? gapReason : current.GapReason,
            PublishedAt = to == YearState.Published ? now : current.PublishedAt,
            now, author,
        }, transaction, cancellationToken: cancellationToken));
        const string history = """
            INSERT INTO year_events (organization_id, year, action, old_state, new_state, at, by_user, reason)
            VALUES (@organizationId, @year, @Action, @OldState, @NewState, @now, @author, @reason)
            RETURNING id
            """;
        return await connection.QuerySingleAsync<long>(new CommandDefinition(history, new
        {
            organizationId, year, Action = action.ToString(), OldState = current.State.ToString(), NewState = to.ToString(), now, author, reason,
        }, transaction, cancellationToken: cancellationToken));
    }
}
