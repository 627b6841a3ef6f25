using System.Globalization;
using Dapper;
using Dashboard.Data.Inbox;
using Dashboard.Data.Users;

namespace Dashboard.Data.Review;

/// <summary>A district's collection of one year from the organizations under it.</summary>
public sealed record CollectionRound
{
    public long Id { get; init; }
    public long DistrictId { get; init; }
    public int Year { get; init; }
    /// <summary>The due date, yyyy-MM-dd.</summary>
    public string DueOn { get; init; } = "";
    public string Message { get; init; } = "";
    public DateTimeOffset OpenedAt { get; init; }
    public string OpenedBy { get; init; } = "";
    public DateTimeOffset? ClosedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public string UpdatedBy { get; init; } = "";

    public bool IsOpen => ClosedAt is null;
    public DateOnly Due => DateOnly.ParseExact(DueOn, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The due date as the pages write it: 1 月 31 日 (with the year when it is not the round's following year).</summary>
    public string DueText => Due.Year == Year + 1 ? $"{Due.Month} 月 {Due.Day} 日" : $"{Due.Year} 年 {Due.Month} 月 {Due.Day} 日";
}

/// <summary>
/// A district opens the collection of a year for the organizations under it (2026 年度填报) with a due date and a
/// message, extends it or closes it; one open round per district and year. Each organization sees the round on its
/// pages; the district's page shows where each stands. Opening tells every editor of the organizations under it.
/// </summary>
public sealed class CollectionRounds(DashboardDb db, TimeProvider clock)
{
    public const int MaxMessageLength = 1000;

    /// <summary>Opens a round; a second open round of the same district and year is refused.</summary>
    /// <exception cref="AccessDeniedException">The actor does not manage the district's organizations.</exception>
    public async Task<CycleResult> OpenAsync(long districtId, int year, DateOnly due, string message, Actor actor, CancellationToken cancellationToken = default)
    {
        const string action = "发起年度填报";
        actor.Demand(Role.Admin, action);
        message = message.Trim();
        if (Check(year, due, message) is { } problem) return new([problem]);
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        var now = clock.GetUtcNow();
        await actor.DemandAsync(transaction, Permissions.ManageOrganizations, districtId, action, now, cancellationToken);
        var kind = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition("SELECT kind FROM organizations WHERE id = @districtId",
            new { districtId }, transaction, cancellationToken: cancellationToken));
        if (kind != Catalog.Organization.District) return new(["只有区可以发起年度填报。"]);
        if (await connection.QuerySingleAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM collection_rounds WHERE district_id = @districtId AND year = @year AND closed_at IS NULL",
                new { districtId, year }, transaction, cancellationToken: cancellationToken)) > 0)
        {
            return new([$"{year} 年度填报已经发起，未重复发起：可以延期或结束它。"]);
        }
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO collection_rounds (district_id, year, due_on, message, opened_at, opened_by, updated_at, updated_by)
            VALUES (@districtId, @year, @due, @message, @now, @author, @now, @author)
            """, new { districtId, year, due = due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), message, now, author = actor.UserName },
            transaction, cancellationToken: cancellationToken));
        var district = await YearCycle.OrganizationNameAsync(transaction, districtId, cancellationToken);
        var editors = await connection.QueryAsync<(long UserId, string Code)>(new CommandDefinition("""
            SELECT u.id, o.code FROM users u JOIN organizations o ON o.id = u.organization_id
            WHERE o.parent_id = @districtId AND o.archived_at IS NULL AND u.disabled = 0 AND u.role IN ('Editor', 'Reviewer', 'Admin')
            """, new { districtId }, transaction, cancellationToken: cancellationToken));
        foreach (var organization in editors.GroupBy(e => e.Code))
        {
            await Inbox.Inbox.SendAsync(transaction, organization.Select(e => e.UserId), new Notice(NoticeKind.RoundOpened, districtId, year,
                $"{district} 发起 {year} 年度填报，截止 {due:yyyy-MM-dd}",
                message.Length > 0 ? message : $"请在 {due:yyyy-MM-dd} 前填报 {year} 年度数据和报告，并提交审核。",
                $"/figures/edit?org={organization.Key}&year={year}"), now, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return CycleResult.Done;
    }

    /// <summary>Gives the open round a new due date (and message).</summary>
    /// <exception cref="AccessDeniedException">The actor does not manage the district's organizations.</exception>
    public Task<CycleResult> ExtendAsync(long roundId, DateOnly due, string message, Actor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(roundId, "延期年度填报", actor, async (round, connection, transaction, now) =>
        {
            message = message.Trim();
            if (Check(round.Year, due, message) is { } problem) return problem;
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE collection_rounds SET due_on = @due, message = @message, updated_at = @now, updated_by = @author WHERE id = @roundId",
                new { roundId, due = due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), message, now, author = actor.UserName }, transaction, cancellationToken: cancellationToken));
            return null;
        }, cancellationToken);

    /// <summary>Closes the open round (the organizations' states stay as they are).</summary>
    /// <exception cref="AccessDeniedException">The actor does not manage the district's organizations.</exception>
    public Task<CycleResult> CloseAsync(long roundId, Actor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(roundId, "结束年度填报", actor, async (round, connection, transaction, now) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE collection_rounds SET closed_at = @now, updated_at = @now, updated_by = @author WHERE id = @roundId",
                new { roundId, now, author = actor.UserName }, transaction, cancellationToken: cancellationToken));
            return null;
        }, cancellationToken);

    private async Task<CycleResult> ChangeAsync(long roundId, string action, Actor actor,
        Func<CollectionRound, System.Data.Common.DbConnection, System.Data.Common.DbTransaction, DateTimeOffset, Task<string?>> change, CancellationToken cancellationToken)
    {
        actor.Demand(Role.Admin, action);
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var round = await connection.QuerySingleOrDefaultAsync<CollectionRound>(new CommandDefinition($"SELECT {Columns} FROM collection_rounds WHERE id = @roundId",
            new { roundId }, transaction, cancellationToken: cancellationToken));
        if (round is null) return new(["该年度填报不存在。"]);
        await actor.DemandAsync(transaction, Permissions.ManageOrganizations, round.DistrictId, action, now, cancellationToken);
        if (!round.IsOpen) return new(["该年度填报已经结束。"]);
        if (await change(round, connection, transaction, now) is { } problem) return new([problem]);
        await transaction.CommitAsync(cancellationToken);
        return CycleResult.Done;
    }

    /// <summary>The open round that concerns the organization (its own district's, or its own if it is a district) for the year; null if none.</summary>
    public async Task<CollectionRound?> OpenRoundAsync(long organizationId, int year, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<CollectionRound>(new CommandDefinition($"""
            SELECT {Columns} FROM collection_rounds
            WHERE year = @year AND closed_at IS NULL
              AND (district_id = @organizationId OR district_id = (SELECT parent_id FROM organizations WHERE id = @organizationId))
            """, new { organizationId, year }, cancellationToken: cancellationToken));
    }

    /// <summary>The district's rounds, newest first.</summary>
    public async Task<IReadOnlyList<CollectionRound>> RoundsAsync(long districtId, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<CollectionRound>(new CommandDefinition(
            $"SELECT {Columns} FROM collection_rounds WHERE district_id = @districtId ORDER BY year DESC, id DESC", new { districtId }, cancellationToken: cancellationToken))];
    }

    /// <summary>
    /// Reminds the editors of every organization not yet submitted or published in an open round due within
    /// <paramref name="daysAhead"/> days of <paramref name="today"/> — once per round and due date (an extension
    /// reminds again). Run by the app each day; returns how many notifications were sent.
    /// </summary>
    public async Task<int> RemindAsync(int daysAhead, DateOnly today, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var rounds = (await connection.QueryAsync<CollectionRound>(new CommandDefinition($"SELECT {Columns} FROM collection_rounds WHERE closed_at IS NULL",
            transaction: transaction, cancellationToken: cancellationToken))).Where(r => r.Due >= today && r.Due <= today.AddDays(daysAhead)).ToList();
        var sent = 0;
        foreach (var round in rounds)
        {
            var late = await connection.QueryAsync<(long UserId, long OrganizationId, string Code)>(new CommandDefinition("""
                SELECT u.id, o.id, o.code FROM users u JOIN organizations o ON o.id = u.organization_id
                LEFT JOIN year_states s ON s.organization_id = o.id AND s.year = @Year
                WHERE o.parent_id = @DistrictId AND o.archived_at IS NULL AND u.disabled = 0 AND u.role IN ('Editor', 'Reviewer', 'Admin')
                  AND (s.state IS NULL OR s.state IN ('Open', 'Returned'))
                """, new { round.Year, round.DistrictId }, transaction, cancellationToken: cancellationToken));
            var days = round.Due.DayNumber - today.DayNumber;
            foreach (var group in late.GroupBy(l => l.OrganizationId))
            {
                sent += await Inbox.Inbox.SendAsync(transaction, group.Select(g => g.UserId), new Notice(NoticeKind.DeadlineNear, group.Key, round.Year,
                    days == 0 ? $"{round.Year} 年度填报今天截止" : $"{round.Year} 年度填报还有 {days} 天截止（{round.DueText}）",
                    "请尽快完成填报并提交审核。", $"/figures/edit?org={group.First().Code}&year={round.Year}", $"deadline:{round.Id}:{round.DueOn}"), now, cancellationToken);
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return sent;
    }

    private const string Columns = "id, district_id, year, due_on, message, opened_at, opened_by, closed_at, updated_at, updated_by";

    private static string? Check(int year, DateOnly due, string message) =>
        !YearRules.IsValid(year) ? "年度不正确。"
        : due.Year < year || due.Year > year + 2 ? $"截止日期应在 {year} 年至 {year + 2} 年之间。"
        : message.Length > MaxMessageLength ? $"说明不能超过 {MaxMessageLength} 个字。"
        : TextRules.InvisibleCharacterProblem(message, "说明");
}
