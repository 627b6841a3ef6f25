using System.Data.Common;
using System.Text.RegularExpressions;
using Dapper;
using Dashboard.Data.Figures;
using Dashboard.Data.Users;
using Dashboard.Data.Years;

namespace Dashboard.Data.Reports;

/// <summary>What an editor saves of a year's report.</summary>
public sealed record ReportSave
{
    public long OrganizationId { get; init; }
    public int Year { get; init; }
    public string Title { get; init; } = "";
    /// <summary>"2025-02" or "2025-02-14"; empty for a draft.</summary>
    public string Published { get; init; } = "";
    public string Body { get; init; } = "";
    /// <summary>Personal names occurring in the text, separated by 、 or commas (masked on the presentation screen).</summary>
    public string PersonalNames { get; init; } = "";
    /// <summary>When the editor's copy was last saved (null: a new report); a later save by someone else is a conflict.</summary>
    public DateTimeOffset? ExpectedUpdatedAt { get; init; }
    /// <summary>
    /// The length and <see cref="ReportText.Checksum"/> of the body as the editor had it (line endings as \n). When given,
    /// a body that did not arrive whole is refused, and the stored body is read back and compared before the commit.
    /// </summary>
    public int? BodyLength { get; init; }
    public string? BodyChecksum { get; init; }
    /// <summary>Why the text changed (optional), kept in the report's history.</summary>
    public string Reason { get; init; } = "";
    /// <summary>Stored figures the editor confirmed the text states: each gets its words as its source (see <see cref="Import.ReportLinks"/>).</summary>
    public IReadOnlyList<SourceLink> Links { get; init; } = [];
}

/// <summary>A stored figure (at the version the editor saw) and the words of the report that state it.</summary>
public sealed record SourceLink(long IndicatorId, long ExpectedVersion, string SourceText);

public sealed record ReportSaveResult(Report? Saved, Report? Conflict, IReadOnlyList<string> Problems)
{
    public bool Succeeded => Saved is not null;
}

/// <summary>Saves a year's report text (Markdown) for editors, with the same care as figures: rules and conflicts.</summary>
public sealed partial class ReportCommands(DashboardDb db, TimeProvider clock)
{
    public const int MaxTitleLength = 200;
    public const int MaxBodyLength = 200_000;
    /// <summary>The history reason of a figure that got the words of the report stating it.</summary>
    public const string LinkReason = "关联报告原文";

    public async Task<ReportSaveResult> SaveAsync(ReportSave save, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Role.Editor, "保存报告正文");
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        var now = clock.GetUtcNow();
        await actor.DemandAsync(transaction, Permissions.EditFigures, save.OrganizationId, "保存报告正文", now, cancellationToken);
        var year = await YearLock.DemandEditableAsync(transaction, save.OrganizationId, save.Year, "修改报告", cancellationToken);
        if (year.State == YearState.Published && save.Reason.Trim().Length == 0)
        {
            return new ReportSaveResult(null, null, [$"{save.Year} 年度已发布：修改报告须在“修改说明”中写明更正原因。"]);
        }
        var result = await SaveAsync(transaction, save, actor.UserName, now, cancellationToken);
        if (!result.Succeeded)
        {
            return result;
        }
        foreach (var link in save.Links)
        {
            if (!result.Saved!.Body.Contains(link.SourceText, StringComparison.Ordinal) || link.SourceText.Length > FigureValidator.MaxSourceTextLength)
            {
                return new ReportSaveResult(null, null, [$"“{link.SourceText}”在正文中找不到，无法关联。"]);
            }
            if (!await FigureCommands.LinkSourceAsync(transaction, save.OrganizationId, link.IndicatorId, save.Year, link.ExpectedVersion, link.SourceText,
                    actor.UserName, LinkReason, now, cancellationToken))
            {
                return new ReportSaveResult(null, null, ["要关联的数据已被他人修改或删除，未保存；请刷新后再试。"]);
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return new ReportSaveResult(await new ReportQueries(db).GetReportAsync(save.OrganizationId, save.Year, Reader.System(actor.UserName), cancellationToken), null, []);
    }

    /// <summary>
    /// Checks and saves the report with its history row inside the caller's transaction (whose caller has demanded
    /// <see cref="Permissions.EditFigures"/>); the caller commits only if this succeeded.
    /// </summary>
    internal static async Task<ReportSaveResult> SaveAsync(DbTransaction transaction, ReportSave save, string author, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var problems = Check(save);
        if (problems.Count > 0)
        {
            return new ReportSaveResult(null, null, problems);
        }
        var connection = transaction.Connection!;
        if (await connection.QuerySingleAsync<int>(new CommandDefinition("SELECT count(*) FROM organizations WHERE id = @OrganizationId", new { save.OrganizationId }, transaction, cancellationToken: cancellationToken)) == 0)
        {
            return new ReportSaveResult(null, null, ["单位不存在。"]);
        }
        const string currentSql = """
            SELECT id, organization_id, year, title, published, body, personal_names, updated_at, updated_by
            FROM reports WHERE organization_id = @OrganizationId AND year = @Year
            """;
        var current = await connection.QuerySingleOrDefaultAsync<Report>(new CommandDefinition(currentSql, new { save.OrganizationId, save.Year }, transaction, cancellationToken: cancellationToken));
        if (current?.UpdatedAt != save.ExpectedUpdatedAt)
        {
            return new ReportSaveResult(null, current, []);
        }

        const string sql = """
            INSERT INTO reports (organization_id, year, title, published, body, personal_names, updated_at, updated_by)
            VALUES (@OrganizationId, @Year, @Title, @Published, @Body, @PersonalNames, @Now, @Author)
            ON CONFLICT (organization_id, year) DO UPDATE
            SET title = excluded.title, published = excluded.published, body = excluded.body, personal_names = excluded.personal_names,
                updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """;
        var body = ReportText.Normalize(save.Body);
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            save.OrganizationId, save.Year, Title = save.Title.Trim(), Published = save.Published.Trim() is { Length: > 0 } p ? p : null,
            Body = body, PersonalNames = Reports.PersonalNames.Normalize(save.PersonalNames), Now = now, Author = author,
        }, transaction, cancellationToken: cancellationToken));
        // A save never claims what it did not store: the body is read back from the database before the commit.
        var stored = await connection.QuerySingleAsync<string>(new CommandDefinition(
            "SELECT body FROM reports WHERE organization_id = @OrganizationId AND year = @Year", new { save.OrganizationId, save.Year }, transaction, cancellationToken: cancellationToken));
        if (stored != body)
        {
            return new ReportSaveResult(null, null, [$"数据库中读回的正文（{stored.Length} 字）与提交的正文（{body.Length} 字）不一致，未保存。"]);
        }
        await WriteHistoryAsync(transaction, save.OrganizationId, save.Year, save.Reason.Trim(), cancellationToken);
        var saved = await connection.QuerySingleAsync<Report>(new CommandDefinition(currentSql, new { save.OrganizationId, save.Year }, transaction, cancellationToken: cancellationToken));
        return new ReportSaveResult(saved, null, []);
    }

    /// <summary>Keeps the report as it now stands (inside the caller's transaction) as its newest version.</summary>
    internal static async Task WriteHistoryAsync(DbTransaction transaction, long organizationId, int year, string reason, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO report_history (organization_id, year, title, published, body, personal_names, changed_at, changed_by, reason)
            SELECT organization_id, year, title, published, body, personal_names, updated_at, updated_by, @reason
            FROM reports WHERE organization_id = @organizationId AND year = @year
            """;
        await transaction.Connection!.ExecuteAsync(new CommandDefinition(sql, new { organizationId, year, reason }, transaction, cancellationToken: cancellationToken));
    }

    private static List<string> Check(ReportSave save)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(save.Title)) problems.Add("请填写报告标题。");
        if (save.Title.Length > MaxTitleLength) problems.Add($"标题不能超过 {MaxTitleLength} 个字。");
        if (save.Body.Length > MaxBodyLength) problems.Add($"正文不能超过 {MaxBodyLength} 个字。");
        problems.AddRange(Reports.PersonalNames.Check(save.PersonalNames));
        if (save.Published.Trim() is { Length: > 0 } published && !PublishedDate().IsMatch(published))
            problems.Add("发布日期请写成 2025-02 或 2025-02-14，草稿留空。");
        if (!YearRules.IsValid(save.Year)) problems.Add("年度不正确。");
        if (save.Reason.Length > Figures.FigureValidator.MaxReasonLength) problems.Add($"修改说明不能超过 {Figures.FigureValidator.MaxReasonLength} 个字。");
        if ((TextRules.InvisibleCharacterProblem(save.Title, "标题") ?? TextRules.InvisibleCharacterProblem(save.Body, "正文")
             ?? TextRules.InvisibleCharacterProblem(save.PersonalNames, "人名列表") ?? TextRules.InvisibleCharacterProblem(save.Reason, "修改说明")) is { } invisible)
            problems.Add(invisible);
        var body = ReportText.Normalize(save.Body);
        if (save.BodyLength is { } length && (body.Length != length || ReportText.Checksum(body) != save.BodyChecksum))
        {
            problems.Add($"正文没有完整送达服务器（收到 {body.Length:N0} 字，编辑器中为 {length:N0} 字），未保存；请再点一次保存。");
        }
        else if (body.Length <= MaxBodyLength && ReportText.StructureProblem(body) is { } structure)
        {
            problems.Add(structure);
        }
        return problems;
    }

    [GeneratedRegex(@"^(19|20|21)\d\d-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")]
    private static partial Regex PublishedDate();
}
