using Dapper;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Reports;
using Dashboard.Data.Users;
using Dashboard.Data.Years;

namespace Dashboard.Data.Import;

/// <summary>An indicator the catalog lacks, as the import guesses it from the words before an unmatched figure.</summary>
public sealed record NewIndicatorIdea(string Code, string Name, string Unit, IndicatorKind Kind);

/// <summary>
/// A figure the extractor found, as the review shows it: where its words are in the text, the indicator suggested,
/// the stored figure of that indicator for the year (a difference is for the editor to decide), and whether the
/// import takes it unless told otherwise.
/// </summary>
/// <param name="RawStart">Offset of the figure's words (qualifier, numeral, unit) in the text.</param>
/// <param name="SourceText">The words stored with the figure: the clause up to the figure, found once in the text.</param>
/// <param name="Sure">Matched confidently to an indicator no earlier proposal took.</param>
/// <param name="Accepted">Taken unless the editor drops it: sure, and no stored figure says otherwise.</param>
public sealed record ImportProposal(
    int Index, ProposedFigure Figure, int RawStart, string SourceText, bool Sure, bool Accepted,
    Figure? Existing, NewIndicatorIdea? NewIndicator)
{
    public int RawEnd => RawStart + Figure.Raw.Length;

    /// <summary>The stored figure says something else than the text (value or qualifier).</summary>
    public bool Differs => Existing is { } e && (e.Value != Figure.Value || e.Qualifier != Figure.Qualifier);
}

/// <summary>What the review proposes for a report's text: its figures and the personal names to mask.</summary>
public sealed record ImportProposals(IReadOnlyList<ImportProposal> Figures, IReadOnlyList<string> PersonalNames);

/// <summary>A figure the editor accepted: the indicator (an existing code, or a new one accepted in the same import) and what to store.</summary>
/// <param name="ExpectedVersion">The stored figure's version the editor chose to replace; null when there was none.</param>
public sealed record ImportedFigure(string IndicatorCode, decimal Value, Qualifier Qualifier, string SourceText, long? ExpectedVersion);

/// <summary>Everything an import stores, in one transaction.</summary>
public sealed record ReportImportCommit
{
    public long OrganizationId { get; init; }
    public int Year { get; init; }
    public required string Title { get; init; }
    public required string Body { get; init; }
    /// <summary>"2025-02" or "2025-02-14"; empty: the report is kept as a draft.</summary>
    public string Published { get; init; } = "";
    /// <summary>Why a published year's report and figures are replaced: an import into a published year is a correction and needs one.</summary>
    public string CorrectionReason { get; init; } = "";
    public string PersonalNames { get; init; } = "";
    /// <summary>Provisional (the default: checked later against the published report) or Published.</summary>
    public FigureStatus FigureStatus { get; init; } = FigureStatus.Provisional;
    public IReadOnlyList<ImportedFigure> Figures { get; init; } = [];
    /// <summary>Indicators to add to the catalog first (administrators of every organization only).</summary>
    public IReadOnlyList<IndicatorSave> NewIndicators { get; init; } = [];
    /// <summary>When the year's stored report was last saved, if the editor chose to replace it; null: there was none.</summary>
    public DateTimeOffset? ExpectedReportUpdatedAt { get; init; }
    public string? FileName { get; init; }
}

public sealed record ReportImportResult(IReadOnlyList<string> Problems, IReadOnlyList<FigureConflict> Conflicts, Report? ReportConflict, int FiguresSaved)
{
    public bool Succeeded => Problems.Count == 0 && Conflicts.Count == 0 && ReportConflict is null;
}

/// <summary>
/// Brings a report in: the proposals for its text, and the commit that stores the report, the accepted
/// figures with their source words, any new indicators and the names to mask — one transaction, a history row per
/// figure with the reason <see cref="Reason"/>, or nothing at all.
/// </summary>
public sealed class ReportImport(DashboardDb db, TimeProvider clock)
{
    public const string Reason = "导入报告";

    /// <summary>At or above this confidence a match is "sure": accepted by default and by "accept all sure ones".</summary>
    public const double SureConfidence = 0.8;

    /// <summary>
    /// The words right before and after a proposal's figure in its sentence (…考试合格率<b>100%</b>。): what tells two
    /// rows of the same number in one sentence apart in the review.
    /// </summary>
    public static (string Before, string After) WordsAround(string body, ImportProposal proposal, int before = 18, int after = 6)
    {
        var start = proposal.RawStart;
        while (start > 0 && proposal.RawStart - start < before && "。！？\n".IndexOf(body[start - 1]) < 0) start--;
        var end = proposal.RawEnd;
        while (end < body.Length && end - proposal.RawEnd < after && body[end] != '\n')
        {
            end++;
            if ("。！？".Contains(body[end - 1])) break;
        }
        return (body[start..proposal.RawStart].TrimStart('#', ' ').Replace("**", ""), body[proposal.RawEnd..end].Replace("**", ""));
    }

    /// <summary>What the review proposes for <paramref name="body"/> (normalised report Markdown).</summary>
    /// <param name="limit">
    /// Past this many figures the text is refused (<see cref="ReportFileException"/>): an import reviews at most
    /// <see cref="FigureExtractor.MaxFigures"/>; linking a stored report's figures reads all of it.
    /// </param>
    public static ImportProposals Propose(string body, IReadOnlyList<Indicator> catalog, IReadOnlyList<Figure> stored, IEnumerable<string>? knownNames = null,
        int limit = FigureExtractor.MaxFigures)
    {
        var names = Reports.PersonalNames.Find(body).Union(knownNames ?? []).Distinct().ToList();
        var found = FigureExtractor.Extract(body, catalog, names, limit);
        if (found.Count > limit)
        {
            throw new ReportFileException($"识别到的数字超过 {FigureExtractor.MaxFigures:N0} 个的上限：这不像一份年度报告（一份报告只有几十到几百个数字），请检查上传或粘贴的内容。");
        }
        var storedByCode = stored.ToDictionary(f => f.IndicatorCode);
        // One figure per indicator and year: the most confident proposal of an indicator takes it, the first in the text on a tie.
        var owners = found.Select((f, i) => (f, i))
            .Where(x => x.f.Indicator is not null && x.f.Confidence >= SureConfidence)
            .GroupBy(x => x.f.Indicator!)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(x => x.f.Confidence).ThenBy(x => x.i).First().i);
        var proposals = new List<ImportProposal>(found.Count);
        for (var i = 0; i < found.Count; i++)
        {
            var figure = found[i];
            var rawStart = RawStart(body, figure);
            var existing = figure.Indicator is { } code && storedByCode.TryGetValue(code, out var e) ? e : null;
            var sure = figure.Indicator is { } c && owners.TryGetValue(c, out var owner) && owner == i;
            var differs = existing is not null && (existing.Value != figure.Value || existing.Qualifier != figure.Qualifier);
            proposals.Add(new ImportProposal(i, figure, rawStart, SourcePhrase(body, rawStart, rawStart + figure.Raw.Length), sure, sure && !differs,
                existing, figure.Indicator is null ? Idea(body, figure, rawStart) : null));
        }
        return new ImportProposals(proposals, names);
    }

    /// <summary>Where the figure's words start: its numeral less the qualifier written before it (约, 近, 逾 …).</summary>
    private static int RawStart(string body, ProposedFigure figure)
    {
        var numeral = body[figure.Start..figure.End];
        var within = figure.Raw.IndexOf(numeral, StringComparison.Ordinal);
        return figure.Start - Math.Max(0, within);
    }

    private const string ClauseEnds = "。；;！？\n，,：:、（(）)";

    /// <summary>
    /// The words stored as the figure's source: from the start of its clause (after any earlier number, so the stored
    /// words state this figure first) to the end of the figure, widened to the left until they occur once in the text.
    /// </summary>
    public static string SourcePhrase(string body, int rawStart, int rawEnd)
    {
        var start = ClauseStart(body, rawStart);
        while (start > 0 && body.IndexOf(body[start..rawEnd], StringComparison.Ordinal) != start && rawStart - start < 120
               && body[start - 1] is not ('\n' or '。'))
        {
            start--;
        }
        var phrase = body[start..rawEnd].Trim().TrimStart('*', '#', ' ');
        return phrase.Length == 0 ? body[rawStart..rawEnd] : phrase;
    }

    /// <summary>Where the words before a figure start: after the clause's punctuation or an earlier number, at most 30 characters back.</summary>
    private static int ClauseStart(string body, int rawStart)
    {
        var start = rawStart;
        while (start > 0 && ClauseEnds.IndexOf(body[start - 1]) < 0 && !char.IsDigit(body[start - 1]) && rawStart - start < 30) start--;
        return start;
    }

    /// <summary>A new indicator for a figure the catalog has no place for: named after the words before it.</summary>
    private static NewIndicatorIdea Idea(string body, ProposedFigure figure, int rawStart)
    {
        var name = body[ClauseStart(body, rawStart)..rawStart].Trim().TrimStart('*', '#', ' ');
        // The words that say how it was done or counted, not what: 共, 累计, 开展 …
        foreach (var lead in LeadingWords)
        {
            if (name.StartsWith(lead, StringComparison.Ordinal) && name.Length > lead.Length + 1) name = name[lead.Length..];
        }
        foreach (var tail in TrailingWords)
        {
            if (name.EndsWith(tail, StringComparison.Ordinal) && name.Length > tail.Length + 1) name = name[..^tail.Length];
        }
        if (name.Length == 0) name = figure.Sentence.Length > 12 ? figure.Sentence[..12] : figure.Sentence;
        if (name.Length > CatalogCommands.MaxNameLength) name = name[^CatalogCommands.MaxNameLength..];
        var kind = figure.Unit == "%" ? IndicatorKind.Rate : IndicatorKind.Count;
        return new NewIndicatorIdea("report_" + ReportText.Checksum(name + figure.Unit), name, figure.Unit, kind);
    }

    private static readonly string[] LeadingWords =
        ["全年", "今年", "年内", "我街", "我镇", "我乡", "本街道", "街道", "镇", "乡", "共", "累计", "先后", "组织", "开展", "举办", "召开", "受理", "办理", "发放", "参与", "完成", "实现"];
    private static readonly string[] TrailingWords = ["共计", "合计", "总计", "累计", "共", "计", "达到", "达", "为", "约", "近", "逾", "超过", "超", "不足"];

    /// <summary>
    /// Stores the import, or nothing: the editor must be able to edit the organization's figures; new indicators need
    /// an administrator of every organization; a stored report or figure is replaced only at the version the editor
    /// saw and chose to replace. Every figure's words must occur in the text, so the dashboard can mark them.
    /// </summary>
    public async Task<ReportImportResult> CommitAsync(ReportImportCommit commit, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Role.Editor, "导入报告");
        var now = clock.GetUtcNow();
        var problems = Check(commit);
        if (problems.Count > 0)
        {
            return new ReportImportResult(problems, [], null, 0);
        }

        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        await actor.DemandAsync(transaction, Permissions.EditFigures, commit.OrganizationId, "导入报告", now, cancellationToken);
        var yearStatus = await YearLock.DemandEditableAsync(transaction, commit.OrganizationId, commit.Year, "导入报告", cancellationToken);
        if (yearStatus.State == YearState.Published && commit.CorrectionReason.Trim().Length == 0)
        {
            return new ReportImportResult([$"{commit.Year} 年度已发布：导入将作为发布后的更正，请填写更正原因。"], [], null, 0);
        }
        if (commit.NewIndicators.Count > 0)
        {
            await actor.DemandAsync(transaction, Permissions.Administer, null, "在导入报告时添加指标", now, cancellationToken);
        }
        foreach (var indicator in commit.NewIndicators)
        {
            var refused = await CatalogCommands.AddAsync(transaction, indicator, actor, now, cancellationToken);
            if (refused.Count > 0)
            {
                return new ReportImportResult([.. refused.Select(p => $"新指标“{indicator.Name}”：{p}")], [], null, 0);
            }
        }

        var reason = (commit.FileName is { Length: > 0 } file ? $"{Reason} {Path.GetFileName(file)}" : Reason)
                     + (commit.CorrectionReason.Trim() is { Length: > 0 } correction ? $"：{correction}" : "");
        var report = await ReportCommands.SaveAsync(transaction, new ReportSave
        {
            OrganizationId = commit.OrganizationId, Year = commit.Year, Title = commit.Title, Published = commit.Published,
            Body = commit.Body, PersonalNames = commit.PersonalNames, ExpectedUpdatedAt = commit.ExpectedReportUpdatedAt, Reason = reason,
        }, actor.UserName, now, cancellationToken);
        if (!report.Succeeded)
        {
            return new ReportImportResult([.. report.Problems], [], report.Conflict, 0);
        }

        var codes = commit.Figures.Select(f => f.IndicatorCode).Distinct().ToList();
        var ids = (await connection.QueryAsync<(string Code, long Id)>(new CommandDefinition(
            $"SELECT code, id FROM indicators WHERE {Dialect.AnyOf(connection, "code", "@codes")} AND retired_at IS NULL", new { codes }, transaction, cancellationToken: cancellationToken)))
            .ToDictionary(x => x.Code, x => x.Id);
        var unknown = codes.Where(c => !ids.ContainsKey(c)).ToList();
        if (unknown.Count > 0)
        {
            return new ReportImportResult([$"指标不存在或已停用：{string.Join("、", unknown)}。"], [], null, 0);
        }
        // A figure already published with the same value and words is confirmed by the report, not lowered to 暂定 (which
        // would take it off the visitors' dashboard until someone publishes it again).
        var published = (await connection.QueryAsync<(long IndicatorId, decimal Value, string Qualifier)>(new CommandDefinition(
            "SELECT indicator_id, value, qualifier FROM figures WHERE organization_id = @OrganizationId AND year = @Year AND status = 'Published'",
            new { commit.OrganizationId, commit.Year }, transaction, cancellationToken: cancellationToken)))
            .ToDictionary(f => f.IndicatorId, f => (f.Value, f.Qualifier));
        var saves = commit.Figures.Select(f => new FigureSave
        {
            OrganizationId = commit.OrganizationId, IndicatorId = ids[f.IndicatorCode], Year = commit.Year, Value = f.Value, Qualifier = f.Qualifier,
            Status = published.TryGetValue(ids[f.IndicatorCode], out var stored) && stored == (f.Value, f.Qualifier.ToString()) ? FigureStatus.Published : commit.FigureStatus,
            SourceText = f.SourceText, ExpectedVersion = f.ExpectedVersion, Reason = reason,
        }).ToList();
        var invalid = await FigureValidator.CheckAsync(transaction, saves, cancellationToken);
        if (invalid.Count > 0)
        {
            return new ReportImportResult([.. invalid.Select(p => $"“{commit.Figures[p.Index].SourceText}”：{p.Message}")], [], null, 0);
        }
        var conflicts = new List<FigureConflict>();
        foreach (var save in saves)
        {
            var (_, conflict) = await FigureCommands.SaveAsync(transaction, save, actor.UserName, now, cancellationToken);
            if (conflict is not null) conflicts.Add(conflict);
        }
        if (conflicts.Count > 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new ReportImportResult([], conflicts, null, 0);
        }
        await transaction.CommitAsync(cancellationToken);
        return new ReportImportResult([], [], null, saves.Count);
    }

    private static List<string> Check(ReportImportCommit commit)
    {
        var problems = new List<string>();
        if (commit.FigureStatus == FigureStatus.Sample) problems.Add("导入的数据只能是暂定或已发布。");
        foreach (var twice in commit.Figures.GroupBy(f => f.IndicatorCode).Where(g => g.Count() > 1))
        {
            problems.Add($"同一指标（{twice.Key}）在一年中只能有一个数，却选了 {twice.Count()} 个：{string.Join("、", twice.Select(f => f.SourceText))}。");
        }
        var body = ReportText.Normalize(commit.Body);
        foreach (var figure in commit.Figures)
        {
            if (figure.SourceText.Trim().Length == 0 || !body.Contains(figure.SourceText, StringComparison.Ordinal))
            {
                problems.Add($"“{Shorten(figure.SourceText)}”在报告正文中找不到，无法与原文关联。");
            }
        }
        foreach (var twice in commit.NewIndicators.GroupBy(i => i.Code).Where(g => g.Count() > 1))
        {
            problems.Add($"新指标代码 {twice.Key} 重复。");
        }
        return problems;
    }

    private static string Shorten(string text) => text.Length > 30 ? text[..30] + "…" : text;
}
