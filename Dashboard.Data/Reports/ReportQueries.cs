using Dapper;

namespace Dashboard.Data.Reports;

/// <summary>An organization's annual report on its rule-of-law government work.</summary>
public sealed record Report
{
    public long Id { get; init; }
    public long OrganizationId { get; init; }
    public int Year { get; init; }
    public required string Title { get; init; }
    /// <summary>When it was published, as precisely as known: "2025-02" or "2025-02-14"; null for a draft.</summary>
    public string? Published { get; init; }
    /// <summary>The report text in Markdown.</summary>
    public required string Body { get; init; }
    /// <summary>Personal names in the text, masked where the text is shown to an audience (see <see cref="PersonalNames"/>).</summary>
    public string PersonalNames { get; init; } = "";
    public DateTimeOffset UpdatedAt { get; init; }
    public required string UpdatedBy { get; init; }
}

public sealed class ReportQueries(DashboardDb db)
{
    /// <summary>All reports of an organization, oldest first.</summary>
    public async Task<IReadOnlyList<Report>> GetReportsAsync(long organizationId, bool includeDrafts, CancellationToken cancellationToken = default)
    {
        const string sql = """
            SELECT id, organization_id, year, title, published, body, personal_names, updated_at, updated_by
            FROM reports
            WHERE organization_id = @organizationId AND (@includeDrafts OR published IS NOT NULL)
            ORDER BY year
            """;
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Report>(new CommandDefinition(sql, new { organizationId, includeDrafts }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>The report of a year; a draft (not yet published) only when <paramref name="includeDrafts"/>.</summary>
    public async Task<Report?> GetReportAsync(long organizationId, int year, bool includeDrafts, CancellationToken cancellationToken = default)
    {
        const string sql = """
            SELECT id, organization_id, year, title, published, body, personal_names, updated_at, updated_by
            FROM reports
            WHERE organization_id = @organizationId AND year = @year AND (@includeDrafts OR published IS NOT NULL)
            """;
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Report>(
            new CommandDefinition(sql, new { organizationId, year, includeDrafts }, cancellationToken: cancellationToken));
    }
}
