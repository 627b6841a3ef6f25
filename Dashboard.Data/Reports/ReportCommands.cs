using System.Text.RegularExpressions;
using Dapper;
using Dashboard.Data.Users;

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
}

public sealed record ReportSaveResult(Report? Saved, Report? Conflict, IReadOnlyList<string> Problems)
{
    public bool Succeeded => Saved is not null;
}

/// <summary>Saves a year's report text (Markdown) for editors, with the same care as figures: rules and conflicts.</summary>
public sealed partial class ReportCommands(DashboardDb db, TimeProvider clock)
{
    public const int MaxTitleLength = 200;
    public const int MaxBodyLength = 200_000;

    public async Task<ReportSaveResult> SaveAsync(ReportSave save, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Role.Editor, "保存报告正文");
        var problems = Check(save);
        if (problems.Count > 0)
        {
            return new ReportSaveResult(null, null, problems);
        }

        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var queries = new ReportQueries(db);
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
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            save.OrganizationId, save.Year, Title = save.Title.Trim(), Published = save.Published.Trim() is { Length: > 0 } p ? p : null,
            Body = save.Body.ReplaceLineEndings("\n"), PersonalNames = Reports.PersonalNames.Normalize(save.PersonalNames), Now = clock.GetUtcNow(), Author = actor.UserName,
        }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return new ReportSaveResult(await queries.GetReportAsync(save.OrganizationId, save.Year, includeDrafts: true, cancellationToken), null, []);
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
        if (save.Year is < 1949 or > 2200) problems.Add("年度不正确。");
        if ((save.Title + save.Body + save.PersonalNames).Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))) problems.Add("文字中含有不可见的控制字符。");
        return problems;
    }

    [GeneratedRegex(@"^(19|20|21)\d\d-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")]
    private static partial Regex PublishedDate();
}
