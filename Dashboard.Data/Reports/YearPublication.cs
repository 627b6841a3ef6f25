using System.Data.Common;
using Dapper;
using Dashboard.Data.Figures;
using Dashboard.Data.Users;
using Dashboard.Data.Years;

namespace Dashboard.Data.Reports;

/// <summary>What publishing a year would make public: its provisional figures, and its report if that is a draft.</summary>
public sealed record YearPublicationPlan(IReadOnlyList<Figure> ProvisionalFigures, Report? DraftReport)
{
    public bool HasAnything => ProvisionalFigures.Count > 0 || DraftReport is not null;
}

public sealed record YearPublicationResult(int FiguresPublished, bool ReportPublished, IReadOnlyList<string> Problems)
{
    public bool Succeeded => Problems.Count == 0;
}

/// <summary>
/// Makes an organization's year public in one step (发布本年度), instead of a status changed figure by figure: in one
/// transaction every provisional figure of the year becomes 已发布 — each with its history row naming who published and
/// why — and a draft report of the year gets its publication date. All of it or nothing: a figure changed by someone
/// since the plan was shown stops the whole publication, so nothing is published that was not seen.
/// </summary>
public sealed class YearPublication(DashboardDb db, TimeProvider clock)
{
    public const string Reason = "发布本年度";

    /// <summary>What <see cref="PublishAsync"/> would publish now, as <paramref name="reader"/> may see it.</summary>
    public async Task<YearPublicationPlan> PlanAsync(long organizationId, int year, Reader reader, CancellationToken cancellationToken = default)
    {
        var figures = await new FigureQueries(db).GetFiguresAsync(organizationId, year, reader, cancellationToken);
        var report = await new ReportQueries(db).GetReportAsync(organizationId, year, reader, cancellationToken);
        return new YearPublicationPlan([.. figures.Where(f => f.Status == FigureStatus.Provisional)], report is { Published: null } ? report : null);
    }

    /// <summary>
    /// Publishes what <paramref name="plan"/> showed: those figures at the versions shown, and the draft report with the
    /// date <paramref name="publishedOn"/> ("2025-02" or "2025-02-14"), and the year becomes 已发布. The actor must hold
    /// <see cref="Permissions.PublishYear"/> for the organization, checked again inside the transaction; and the
    /// organization must have no reviewer (审核人) of its own or, if its district reviews it, of its district — where it
    /// has one, the year is submitted and a reviewer approves it (the same publication, by another command).
    /// </summary>
    /// <exception cref="AccessDeniedException">The actor may not publish this organization's year, or the year is 待审核.</exception>
    public async Task<YearPublicationResult> PublishAsync(
        long organizationId, int year, YearPublicationPlan plan, string publishedOn, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Role.Admin, Reason);
        if (!plan.HasAnything)
        {
            return new YearPublicationResult(0, false, [$"{year} 年度没有暂定的数据或报告草稿，无需发布。"]);
        }
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        var now = clock.GetUtcNow();
        await actor.DemandAsync(transaction, Permissions.PublishYear, organizationId, Reason, now, cancellationToken);
        await YearLock.DemandEditableAsync(transaction, organizationId, year, Reason, cancellationToken);
        if (await Reviewers.HasReviewerAsync(transaction, organizationId, cancellationToken))
        {
            return new YearPublicationResult(0, false, ["本单位的年度数据由审核人审核后发布：请提交审核，由审核人通过并发布。"]);
        }
        var problems = await PublishInAsync(transaction, organizationId, year, plan, publishedOn, actor.UserName, Reason, now, cancellationToken);
        if (problems.Count > 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new YearPublicationResult(0, false, problems);
        }
        await YearLock.MoveAsync(transaction, organizationId, year, [YearState.Open, YearState.Returned, YearState.Published], YearState.Published,
            YearAction.Publish, actor.UserName, Reason, now, cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new YearPublicationResult(plan.ProvisionalFigures.Count, plan.DraftReport is not null, []);
    }

    /// <summary>What would be published now, read inside the caller's transaction (the year is locked by its state).</summary>
    internal static async Task<YearPublicationPlan> PlanInAsync(DbTransaction transaction, long organizationId, int year, CancellationToken cancellationToken)
    {
        var connection = transaction.Connection!;
        const string figures = $"""
            SELECT {FigureQueries.FigureColumns}
            FROM figures f JOIN indicators i ON i.id = f.indicator_id
            WHERE f.organization_id = @organizationId AND f.year = @year AND f.status = 'Provisional'
            """;
        const string report = """
            SELECT id, organization_id, year, title, published, body, personal_names, updated_at, updated_by
            FROM reports WHERE organization_id = @organizationId AND year = @year AND published IS NULL
            """;
        var provisional = await connection.QueryAsync<Figure>(new CommandDefinition(figures, new { organizationId, year }, transaction, cancellationToken: cancellationToken));
        var draft = await connection.QuerySingleOrDefaultAsync<Report>(new CommandDefinition(report, new { organizationId, year }, transaction, cancellationToken: cancellationToken));
        return new YearPublicationPlan([.. provisional], draft);
    }

    /// <summary>
    /// Publishes <paramref name="plan"/> inside the caller's transaction, each figure with a history row giving
    /// <paramref name="reason"/>; the problems that stop it (the caller then rolls back), or none.
    /// </summary>
    internal static async Task<IReadOnlyList<string>> PublishInAsync(DbTransaction transaction, long organizationId, int year, YearPublicationPlan plan,
        string publishedOn, string author, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (plan.DraftReport is not null && publishedOn.Trim().Length == 0)
        {
            return ["请填写报告的发布日期（如 2025-02 或 2025-02-14）：发布后报告向公众公开。"];
        }
        foreach (var figure in plan.ProvisionalFigures)
        {
            if (figure.OrganizationId != organizationId || figure.Year != year)
            {
                return ["要发布的数据不属于该单位的该年度，未发布任何内容。"];
            }
            var (_, conflict) = await FigureCommands.SaveAsync(transaction, new FigureSave
            {
                OrganizationId = organizationId, IndicatorId = figure.IndicatorId, Year = year, Value = figure.Value,
                Qualifier = figure.Qualifier, Status = FigureStatus.Published, SourceText = figure.SourceText, Note = figure.Note,
                ExpectedVersion = figure.Version, Reason = reason,
            }, author, now, cancellationToken);
            if (conflict is not null)
            {
                return [$"“{figure.IndicatorCode}”在此期间已被他人修改，未发布任何内容：请刷新后再核对。"];
            }
        }
        if (plan.DraftReport is { } draft)
        {
            var saved = await ReportCommands.SaveAsync(transaction, new ReportSave
            {
                OrganizationId = organizationId, Year = year, Title = draft.Title, Published = publishedOn, Body = draft.Body,
                PersonalNames = draft.PersonalNames, ExpectedUpdatedAt = draft.UpdatedAt, Reason = reason,
            }, author, now, cancellationToken);
            if (!saved.Succeeded)
            {
                var why = saved.Problems.Count > 0 ? string.Join(" ", saved.Problems) : "报告在此期间已被他人修改。";
                return [$"{why}未发布任何内容。"];
            }
        }
        return [];
    }
}
