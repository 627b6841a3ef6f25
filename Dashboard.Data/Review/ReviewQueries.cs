using Dapper;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Import;
using Dashboard.Data.Reports;
using Dashboard.Data.Users;
using Dashboard.Data.Years;

namespace Dashboard.Data.Review;

/// <summary>A step of a year's cycle as its history shows it, with a return's reasons.</summary>
public sealed record YearEvent
{
    public long Id { get; init; }
    public YearAction Action { get; init; }
    public YearState OldState { get; init; }
    public YearState NewState { get; init; }
    public DateTimeOffset At { get; init; }
    public string ByUser { get; init; } = "";
    public string Reason { get; init; } = "";
    public IReadOnlyList<ReturnNote> Notes { get; init; } = [];
}

/// <summary>One indicator of a year under review: its figure, last year's, the change, its words, what changed and what looks wrong.</summary>
public sealed record ReviewRow(
    Indicator Indicator, Figure? Figure, FigureValue? Previous, YearChange Change,
    IReadOnlyList<FigureHistoryEntry> ChangedSinceLastSubmission, IReadOnlyList<string> Problems, IReadOnlyList<ReturnNote> LastReturn);

/// <summary>A year as its reviewer sees it.</summary>
public sealed record ReviewSheet(YearStatus Status, IReadOnlyList<ReviewRow> Rows, Report? Report, IReadOnlyList<YearEvent> Events)
{
    public int ProblemCount => Rows.Sum(r => r.Problems.Count);
}

/// <summary>
/// Reads of the year's cycle, guarded like every read (<see cref="Reader"/>): a year's state, its history, the review
/// sheet, and the corrections made after publication. Only those who see the organization's unpublished data read
/// more than whether a year is published.
/// </summary>
public sealed class ReviewQueries(DashboardDb db)
{
    /// <summary>A rate that moved more than this many percentage points from last year is pointed out to the reviewer.</summary>
    public const decimal RateJumpPoints = 10;

    /// <summary>Whether the organization has a 审核人 of its own or, where its district reviews it, of its district (then its year is submitted, not published by its administrator).</summary>
    public async Task<bool> HasReviewerAsync(long organizationId, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);   // read only
        return await Reviewers.HasReviewerAsync(transaction, organizationId, cancellationToken);
    }

    /// <summary>The year's state; a reader without access to unpublished data learns only whether it is published.</summary>
    public async Task<YearStatus> StatusAsync(long organizationId, int year, Reader reader, CancellationToken cancellationToken = default) =>
        (await StatusesAsync([organizationId], year, reader, cancellationToken))[organizationId];

    /// <summary>The year's state of each organization (a district page shows them side by side).</summary>
    public async Task<IReadOnlyDictionary<long, YearStatus>> StatusesAsync(IReadOnlyCollection<long> organizationIds, int year, Reader reader, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var ids = organizationIds.ToArray();
        var rows = (await connection.QueryAsync<YearStatus>(new CommandDefinition(
            $"SELECT {YearLock.Columns} FROM year_states WHERE year = @year AND {Dialect.AnyOf(connection, "organization_id", "@ids")}",
            new { year, ids }, cancellationToken: cancellationToken))).ToDictionary(s => s.OrganizationId);
        return ids.Distinct().ToDictionary(id => id, id =>
        {
            var status = rows.GetValueOrDefault(id) ?? YearStatus.Open(id, year);
            return reader.SeesUnpublished(id) ? status
                : status.State == YearState.Published ? new YearStatus { OrganizationId = id, Year = year, State = YearState.Published, PublishedAt = status.PublishedAt }
                : YearStatus.Open(id, year);
        });
    }

    /// <summary>The year's history of submissions, returns and publications, newest first, with each return's reasons.</summary>
    /// <exception cref="AccessDeniedException">The reader does not see the organization's unpublished data.</exception>
    public async Task<IReadOnlyList<YearEvent>> EventsAsync(long organizationId, int year, Reader reader, CancellationToken cancellationToken = default)
    {
        reader.DemandUnpublished(organizationId);
        await using var connection = await db.OpenAsync(cancellationToken);
        var events = (await connection.QueryAsync<YearEvent>(new CommandDefinition("""
            SELECT id, action, old_state, new_state, at, by_user, reason FROM year_events
            WHERE organization_id = @organizationId AND year = @year ORDER BY id DESC
            """, new { organizationId, year }, cancellationToken: cancellationToken))).ToList();
        var notes = (await connection.QueryAsync<(long EventId, long? IndicatorId, string Sentence, string Reason)>(new CommandDefinition("""
            SELECT n.event_id, n.indicator_id, n.sentence, n.reason FROM review_notes n JOIN year_events e ON e.id = n.event_id
            WHERE e.organization_id = @organizationId AND e.year = @year ORDER BY n.id
            """, new { organizationId, year }, cancellationToken: cancellationToken))).ToLookup(n => n.EventId);
        return [.. events.Select(e => e with { Notes = [.. notes[e.Id].Select(n => new ReturnNote(n.IndicatorId, n.Sentence, n.Reason))] })];
    }

    /// <summary>The reasons of the year's latest return, while it is 已退回 (what the editors are asked to fix); none otherwise.</summary>
    /// <exception cref="AccessDeniedException">The reader does not see the organization's unpublished data.</exception>
    public async Task<IReadOnlyList<ReturnNote>> OpenReturnAsync(long organizationId, int year, Reader reader, CancellationToken cancellationToken = default)
    {
        var status = await StatusAsync(organizationId, year, reader, cancellationToken);
        if (status.State != YearState.Returned) return [];
        return (await EventsAsync(organizationId, year, reader, cancellationToken)).FirstOrDefault(e => e.Action == YearAction.Return)?.Notes ?? [];
    }

    /// <summary>
    /// Changes of the year's figures after it was published, oldest first: who, when, old → new and why (发布后更正).
    /// The publication's own rows are not corrections.
    /// </summary>
    /// <exception cref="AccessDeniedException">The reader does not see the organization's unpublished data.</exception>
    public async Task<IReadOnlyList<FigureHistoryEntry>> CorrectionsAsync(long organizationId, int year, Reader reader, CancellationToken cancellationToken = default)
    {
        reader.DemandUnpublished(organizationId);
        var status = await StatusAsync(organizationId, year, reader, cancellationToken);
        if (status is not { State: YearState.Published, PublishedAt: { } publishedAt }) return [];
        return await HistoryBetweenAsync(organizationId, year, publishedAt, null, cancellationToken);
    }

    /// <summary>Which organizations' figures of <paramref name="year"/> were corrected after publication (a district page marks them), by organization and indicator.</summary>
    public async Task<IReadOnlySet<(long OrganizationId, long IndicatorId)>> CorrectedAsync(IReadOnlyCollection<long> organizationIds, int year, Reader reader, CancellationToken cancellationToken = default)
    {
        var ids = organizationIds.Distinct().ToArray();
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long OrganizationId, long IndicatorId)>(new CommandDefinition($"""
            SELECT DISTINCT h.organization_id, h.indicator_id
            FROM figure_history h JOIN year_states s ON s.organization_id = h.organization_id AND s.year = h.year
            WHERE h.year = @year AND s.state = 'Published' AND h.changed_at > s.published_at
              AND {Dialect.AnyOf(connection, "h.organization_id", "@ids")}
            """, new { year, ids }, cancellationToken: cancellationToken));
        // What changed is public once published (the new figure shows); that it changed is too.
        return rows.ToHashSet();
    }

    /// <summary>The year as its reviewer sees it: every indicator it reports, with what the product finds wrong.</summary>
    /// <exception cref="AccessDeniedException">The reader does not see the organization's unpublished data.</exception>
    public async Task<ReviewSheet> SheetAsync(long organizationId, int year, Reader reader, CancellationToken cancellationToken = default)
    {
        reader.DemandUnpublished(organizationId);
        var status = await StatusAsync(organizationId, year, reader, cancellationToken);
        var events = await EventsAsync(organizationId, year, reader, cancellationToken);
        var summary = await new FigureQueries(db).GetYearSummaryAsync(organizationId, year, reader, cancellationToken);
        var figures = (await new FigureQueries(db).GetFiguresAsync(organizationId, year, reader, cancellationToken)).ToDictionary(f => f.IndicatorId);
        var report = await new ReportQueries(db).GetReportAsync(organizationId, year, reader, cancellationToken);
        var catalog = await new CatalogQueries(db).GetIndicatorsAsync(cancellationToken);

        // After a return: what changed between the submission that was returned and this one.
        var submits = events.Where(e => e.Action == YearAction.Submit).Select(e => e.At).ToList();
        var changed = submits.Count >= 2
            ? (await HistoryBetweenAsync(organizationId, year, submits[1], submits[0], cancellationToken)).ToLookup(h => h.IndicatorId)
            : Enumerable.Empty<FigureHistoryEntry>().ToLookup(h => h.IndicatorId);
        var lastReturn = events.FirstOrDefault(e => e.Action == YearAction.Return)?.Notes ?? [];

        // The report's words against the figures: a figure the text states otherwise.
        var disagreeing = report is { Body.Length: > 0 }
            ? ReportLinks.Find(report.Body, [.. figures.Values.Select(f => f with { SourceText = "" })], catalog)
                .Where(l => !l.Agrees).ToDictionary(l => l.Figure.IndicatorId)
            : [];

        var rows = new List<ReviewRow>();
        foreach (var row in summary)
        {
            var indicator = row.Indicator;
            figures.TryGetValue(indicator.Id, out var figure);
            var problems = new List<string>();
            if (figure is null)
            {
                problems.Add("缺少本年度数据。");
            }
            else
            {
                if (indicator.Kind == IndicatorKind.Rate && row.Previous is { } previous && Math.Abs(figure.Value - previous.Value) > RateJumpPoints)
                {
                    problems.Add($"与上年（{FigureText.Format(previous.Value, previous.Qualifier, indicator)}）相差 {Math.Abs(figure.Value - previous.Value):0.##} 个百分点，超过 {RateJumpPoints:0} 个百分点，请核对。");
                }
                if (catalog.Any(i => i.ParentId == indicator.Id))
                {
                    var parts = catalog.Where(i => i.ParentId == indicator.Id).Sum(i => figures.TryGetValue(i.Id, out var part) ? part.Value : 0);
                    if (parts > figure.Value)
                        problems.Add($"分项之和（{parts:0.##}）超过总数（{figure.Value:0.##}）。");
                }
                if (disagreeing.TryGetValue(indicator.Id, out var link))
                {
                    problems.Add($"报告原文写的是“{link.Raw}”（{link.SourceText}），与数据不一致。");
                }
            }
            rows.Add(new ReviewRow(indicator, figure, row.Previous, row.Change, [.. changed[indicator.Id]], problems,
                [.. lastReturn.Where(n => n.IndicatorId == indicator.Id)]));
        }
        return new ReviewSheet(status, rows, report, events);
    }

    private async Task<IReadOnlyList<FigureHistoryEntry>> HistoryBetweenAsync(long organizationId, int year, DateTimeOffset after, DateTimeOffset? until, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var sql = $"""
            SELECT {FigureQueries.HistoryColumns}
            FROM figure_history h JOIN indicators i ON i.id = h.indicator_id
            WHERE h.organization_id = @organizationId AND h.year = @year AND h.changed_at > @after {(until is null ? "" : "AND h.changed_at <= @until")}
            ORDER BY h.id
            """;
        return [.. await connection.QueryAsync<FigureHistoryEntry>(new CommandDefinition(sql, new { organizationId, year, after, until }, cancellationToken: cancellationToken))];
    }
}
