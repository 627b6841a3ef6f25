using System.Data.Common;
using Dapper;
using Dashboard.Data.Inbox;
using Dashboard.Data.Reports;
using Dashboard.Data.Users;
using Dashboard.Data.Years;

namespace Dashboard.Data.Review;

/// <summary>A reason to return: for one figure (its indicator), one sentence of the report, or — with neither — the whole year.</summary>
public sealed record ReturnNote(long? IndicatorId, string Sentence, string Reason);

public sealed record CycleResult(IReadOnlyList<string> Problems)
{
    public bool Succeeded => Problems.Count == 0;
    public static CycleResult Done { get; } = new([]);
}

/// <summary>
/// The steps of a year's cycle, each one transaction with its history row and its notifications: an editor submits
/// the year (填报中/已退回 → 待审核; it must be complete, or say why not), a reviewer returns it with reasons (→ 已退回)
/// or approves it, which publishes it (→ 已发布: every provisional figure published with a history row naming the
/// reviewer, the draft report dated). Who may do each is checked inside the transaction (<see cref="Reviewers"/>).
/// </summary>
public sealed class YearCycle(DashboardDb db, TimeProvider clock)
{
    public const string ApproveReason = "审核通过并发布";
    public const int MaxReasonLength = 500;

    /// <summary>Submits the year for review; with indicators missing only with <paramref name="gapReason"/>.</summary>
    /// <exception cref="AccessDeniedException">The actor may not edit the organization's figures.</exception>
    public async Task<CycleResult> SubmitAsync(long organizationId, int year, string gapReason, Actor actor, CancellationToken cancellationToken = default)
    {
        const string action = "提交审核";
        actor.Demand(Role.Editor, action);
        gapReason = gapReason.Trim();
        if (TooLong(gapReason, "缺项说明") is { } tooLong) return new([tooLong]);
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        var now = clock.GetUtcNow();
        await actor.DemandAsync(transaction, Permissions.EditFigures, organizationId, action, now, cancellationToken);
        var status = await YearLock.StatusAsync(transaction, organizationId, year, cancellationToken);
        if (status.State is not (YearState.Open or YearState.Returned))
        {
            return new([status.State == YearState.Submitted ? $"{year} 年度已提交审核，正在等待审核。" : $"{year} 年度已发布：修改请直接更正并填写原因。"]);
        }
        var missing = await Completeness.MissingAsync(transaction, organizationId, year, cancellationToken);
        if (missing.Count > 0 && gapReason.Length == 0)
        {
            return new([$"还差 {missing.Count} 项：{string.Join("、", missing.Take(10).Select(m => m.Name))}{(missing.Count > 10 ? " 等" : "")}。请补齐，或填写缺项说明后提交。"]);
        }
        await YearLock.MoveAsync(transaction, organizationId, year, [YearState.Open, YearState.Returned], YearState.Submitted,
            YearAction.Submit, actor.UserName, gapReason, now, missing.Count > 0 ? gapReason : "", cancellationToken);
        var name = await OrganizationNameAsync(transaction, organizationId, cancellationToken);
        await Inbox.Inbox.SendAsync(transaction, await Reviewers.ApproversAsync(transaction, organizationId, actor.UserName, cancellationToken),
            new Notice(NoticeKind.Submitted, organizationId, year, $"{name} {year} 年度数据已提交审核",
                $"{actor.UserName} 提交了 {name} {year} 年度的数据和报告{(missing.Count > 0 ? $"（缺 {missing.Count} 项：{gapReason}）" : "")}，请审核。",
                Links.Review(name, year)), now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return CycleResult.Done;
    }

    /// <summary>Returns the submitted year to its editors with <paramref name="notes"/> (at least one reason).</summary>
    /// <exception cref="AccessDeniedException">The actor may not review this organization's year, or submitted it.</exception>
    public async Task<CycleResult> ReturnAsync(long organizationId, int year, int submission, IReadOnlyList<ReturnNote> notes, Actor actor, CancellationToken cancellationToken = default)
    {
        const string action = "退回";
        actor.Demand(Role.Reviewer, action);
        notes = [.. notes.Select(n => n with { Reason = n.Reason.Trim(), Sentence = n.Sentence.Trim() }).Where(n => n.Reason.Length > 0)];
        if (notes.Count == 0) return new(["退回须至少写明一条原因。"]);
        if (notes.Select(n => TooLong(n.Reason, "退回原因") ?? (n.Sentence.Length > 1000 ? "所指句子过长。" : null)).FirstOrDefault(p => p is not null) is { } problem)
            return new([problem]);
        if (notes.Select(n => TextRules.InvisibleCharacterProblem(n.Reason, "退回原因")).FirstOrDefault(p => p is not null) is { } invisible)
            return new([invisible]);

        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var status = await YearLock.StatusAsync(transaction, organizationId, year, cancellationToken);
        await Reviewers.DemandApproverAsync(transaction, actor, status, action, now, cancellationToken);
        if (Stale(status, submission, year) is { } stale) return stale;
        var indicatorIds = (await connection.QueryAsync<long>(new CommandDefinition("SELECT id FROM indicators", transaction: transaction, cancellationToken: cancellationToken))).ToHashSet();
        if (notes.Any(n => n.IndicatorId is { } id && !indicatorIds.Contains(id))) return new(["退回原因所指的指标不存在。"]);

        var summary = string.Join("；", notes.Select(n => n.Reason));
        var eventId = await YearLock.MoveAsync(transaction, organizationId, year, [YearState.Submitted], YearState.Returned,
            YearAction.Return, actor.UserName, summary.Length > MaxReasonLength ? summary[..MaxReasonLength] : summary, now, cancellationToken: cancellationToken);
        foreach (var note in notes)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO review_notes (event_id, indicator_id, sentence, reason) VALUES (@eventId, @IndicatorId, @Sentence, @Reason)",
                new { eventId, note.IndicatorId, note.Sentence, note.Reason }, transaction, cancellationToken: cancellationToken));
        }
        var name = await OrganizationNameAsync(transaction, organizationId, cancellationToken);
        await Inbox.Inbox.SendAsync(transaction, await EditorsAsync(transaction, organizationId, status.SubmittedBy, cancellationToken),
            new Notice(NoticeKind.Returned, organizationId, year, $"{name} {year} 年度数据被退回（{notes.Count} 条意见）",
                $"{actor.UserName} 退回了 {name} {year} 年度的数据：{summary}", Links.Edit(name, year)), now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return CycleResult.Done;
    }

    /// <summary>
    /// Approves the submitted year and publishes it, in one transaction: every provisional figure becomes 已发布 with a
    /// history row naming the reviewer and the approval, a draft report gets <paramref name="publishedOn"/>, the year
    /// becomes 已发布. <paramref name="submission"/> is the submission the reviewer looked at: a newer one is not approved unseen.
    /// </summary>
    /// <exception cref="AccessDeniedException">The actor may not review this organization's year, or submitted it.</exception>
    public async Task<CycleResult> ApproveAsync(long organizationId, int year, int submission, string publishedOn, Actor actor, CancellationToken cancellationToken = default)
    {
        const string action = "通过并发布";
        actor.Demand(Role.Reviewer, action);
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var status = await YearLock.StatusAsync(transaction, organizationId, year, cancellationToken);
        await Reviewers.DemandApproverAsync(transaction, actor, status, action, now, cancellationToken);
        if (Stale(status, submission, year) is { } stale) return stale;

        var plan = await YearPublication.PlanInAsync(transaction, organizationId, year, cancellationToken);
        var problems = await YearPublication.PublishInAsync(transaction, organizationId, year, plan, publishedOn, actor.UserName, ApproveReason, now, cancellationToken);
        if (problems.Count > 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new(problems);
        }
        await YearLock.MoveAsync(transaction, organizationId, year, [YearState.Submitted], YearState.Published,
            YearAction.Approve, actor.UserName, ApproveReason, now, cancellationToken: cancellationToken);
        var name = await OrganizationNameAsync(transaction, organizationId, cancellationToken);
        await Inbox.Inbox.SendAsync(transaction, await EditorsAsync(transaction, organizationId, status.SubmittedBy, cancellationToken),
            new Notice(NoticeKind.Approved, organizationId, year, $"{name} {year} 年度数据已审核通过并发布",
                $"{actor.UserName} 审核通过了 {name} {year} 年度的数据（发布 {plan.ProvisionalFigures.Count} 项{(plan.DraftReport is null ? "" : "和年度报告")}），已向公众公开。",
                Links.Dashboard(name, year)), now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return CycleResult.Done;
    }

    private static CycleResult? Stale(YearStatus status, int submission, int year) =>
        status.State != YearState.Submitted ? new([$"{year} 年度当前不在待审核状态（{YearWords.Of(status.State)}），未做任何更改。"])
        : status.Submissions != submission ? new(["此后又有新的提交，未做任何更改：请刷新后审核最新提交的内容。"])
        : null;

    private static string? TooLong(string text, string what) => text.Length > MaxReasonLength ? $"{what}不能超过 {MaxReasonLength} 个字。" : null;

    /// <summary>Who works on the organization's figures and hears of a return or an approval: its own editors and above, and whoever submitted.</summary>
    private static async Task<IReadOnlyList<long>> EditorsAsync(DbTransaction transaction, long organizationId, string? submitter, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT id FROM users
            WHERE disabled = 0 AND (organization_id = @organizationId AND role IN ('Editor', 'Reviewer', 'Admin') OR user_name = @submitter)
            """;
        return [.. await transaction.Connection!.QueryAsync<long>(new CommandDefinition(sql, new { organizationId, submitter = submitter ?? "" }, transaction, cancellationToken: cancellationToken))];
    }

    internal static async Task<OrganizationName> OrganizationNameAsync(DbTransaction transaction, long organizationId, CancellationToken cancellationToken) =>
        await transaction.Connection!.QuerySingleAsync<OrganizationName>(new CommandDefinition(
            "SELECT code, name FROM organizations WHERE id = @organizationId", new { organizationId }, transaction, cancellationToken: cancellationToken));
}

/// <summary>An organization as a notification names it and links to it.</summary>
public sealed record OrganizationName(string Code, string Name)
{
    public override string ToString() => Name;
}

/// <summary>The paths notifications lead to (the app's pages, each with the organization and year).</summary>
internal static class Links
{
    public static string Review(OrganizationName organization, int year) => $"/review?org={organization.Code}&year={year}";
    public static string Edit(OrganizationName organization, int year) => $"/figures/edit?org={organization.Code}&year={year}";
    public static string Dashboard(OrganizationName organization, int year) => $"/?org={organization.Code}&year={year}";
}
