using Dapper;
using Dashboard.Data.Users;

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
    public async Task<IReadOnlyList<Report>> GetReportsAsync(long organizationId, Reader reader, CancellationToken cancellationToken = default)
    {
        var includeDrafts = reader.SeesUnpublished(organizationId);
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

    /// <summary>The years an organization has a report for (drafts only for those who see the organization's unpublished data), newest first.</summary>
    public async Task<IReadOnlyList<int>> GetYearsAsync(long organizationId, Reader reader, CancellationToken cancellationToken = default)
    {
        var includeDrafts = reader.SeesUnpublished(organizationId);
        const string sql = """
            SELECT year
            FROM reports
            WHERE organization_id = @organizationId AND (@includeDrafts OR published IS NOT NULL)
            ORDER BY year DESC
            """;
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<int>(new CommandDefinition(sql, new { organizationId, includeDrafts }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>The report of a year; a draft (not yet published) only for those who see the organization's unpublished data.</summary>
    public async Task<Report?> GetReportAsync(long organizationId, int year, Reader reader, CancellationToken cancellationToken = default)
    {
        var includeDrafts = reader.SeesUnpublished(organizationId);
        const string sql = """
            SELECT id, organization_id, year, title, published, body, personal_names, updated_at, updated_by
            FROM reports
            WHERE organization_id = @organizationId AND year = @year AND (@includeDrafts OR published IS NOT NULL)
            """;
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Report>(
            new CommandDefinition(sql, new { organizationId, year, includeDrafts }, cancellationToken: cancellationToken));
    }

    /// <summary>The versions of a year's report, newest first, without their text (it can be long).</summary>
    /// <exception cref="AccessDeniedException">The reader does not see the organization's unpublished data.</exception>
    public async Task<IReadOnlyList<ReportVersion>> GetHistoryAsync(long organizationId, int year, Reader reader, CancellationToken cancellationToken = default)
    {
        reader.DemandUnpublished(organizationId);
        const string sql = """
            SELECT id, title, published, length(body) AS body_length, changed_at, changed_by, reason
            FROM report_history
            WHERE organization_id = @organizationId AND year = @year
            ORDER BY id DESC
            """;
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ReportVersion>(new CommandDefinition(sql, new { organizationId, year }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>One version of a report as it was saved, text included; null when there is no such version of that report.</summary>
    /// <exception cref="AccessDeniedException">The reader does not see the organization's unpublished data.</exception>
    public async Task<Report?> GetVersionAsync(long organizationId, int year, long versionId, Reader reader, CancellationToken cancellationToken = default)
    {
        reader.DemandUnpublished(organizationId);
        const string sql = """
            SELECT id, organization_id, year, title, published, body, personal_names, changed_at AS updated_at, changed_by AS updated_by
            FROM report_history
            WHERE id = @versionId AND organization_id = @organizationId AND year = @year
            """;
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Report>(new CommandDefinition(sql, new { organizationId, year, versionId }, cancellationToken: cancellationToken));
    }
}

/// <summary>A saved version of a report, for its history list.</summary>
public sealed record ReportVersion
{
    public long Id { get; init; }
    public required string Title { get; init; }
    public string? Published { get; init; }
    public long BodyLength { get; init; }
    public DateTimeOffset ChangedAt { get; init; }
    public required string ChangedBy { get; init; }
    public string Reason { get; init; } = "";
}
