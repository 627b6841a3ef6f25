using Dapper;
using Dashboard.Data.Catalog;
using Dashboard.Data.Users;

namespace Dashboard.Data.Figures;

public sealed class FigureQueries(DashboardDb db)
{
    internal const string FigureColumns = """
        f.id, f.organization_id, f.indicator_id, i.code AS indicator_code, f.year, f.value, f.qualifier, f.status,
        f.source_text, f.note, f.version, f.updated_at, f.updated_by
        """;

    // Every query takes the Reader it serves, with no default: provisional figures are for those who see the
    // organization's unpublished data (Reader.SeesUnpublished), and histories only for them.

    /// <summary>Every figure of the organization, every year, in year and catalog order (for spreadsheets).</summary>
    public async Task<IReadOnlyList<Figure>> GetAllFiguresAsync(long organizationId, Reader reader, CancellationToken cancellationToken = default)
    {
        var includeProvisional = reader.SeesUnpublished(organizationId);
        const string sql = $"""
            SELECT {FigureColumns}
            FROM figures f
            JOIN indicators i ON i.id = f.indicator_id
            JOIN categories c ON c.id = i.category_id
            WHERE f.organization_id = @organizationId AND (@includeProvisional OR f.status <> 'Provisional')
            ORDER BY f.year, c.display_order, i.display_order, i.id
            """;
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Figure>(new CommandDefinition(sql, new { organizationId, includeProvisional }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>All figures of an organization in a year, in catalog order.</summary>
    public async Task<IReadOnlyList<Figure>> GetFiguresAsync(long organizationId, int year, Reader reader, CancellationToken cancellationToken = default)
    {
        var includeProvisional = reader.SeesUnpublished(organizationId);
        const string sql = $"""
            SELECT {FigureColumns}
            FROM figures f
            JOIN indicators i ON i.id = f.indicator_id
            JOIN categories c ON c.id = i.category_id
            WHERE f.organization_id = @organizationId AND f.year = @year AND (@includeProvisional OR f.status <> 'Provisional')
            ORDER BY c.display_order, i.display_order, i.id
            """;
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Figure>(new CommandDefinition(sql, new { organizationId, year, includeProvisional }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Every year's figure of one indicator, oldest first.</summary>
    public async Task<IReadOnlyList<Figure>> GetIndicatorFiguresAsync(long organizationId, long indicatorId, Reader reader, CancellationToken cancellationToken = default)
    {
        var includeProvisional = reader.SeesUnpublished(organizationId);
        const string sql = $"""
            SELECT {FigureColumns}
            FROM figures f
            JOIN indicators i ON i.id = f.indicator_id
            WHERE f.organization_id = @organizationId AND f.indicator_id = @indicatorId AND (@includeProvisional OR f.status <> 'Provisional')
            ORDER BY f.year
            """;
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Figure>(new CommandDefinition(sql, new { organizationId, indicatorId, includeProvisional }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>When the latest of these organizations' figures of the year was saved (what a page's 数据截至 says); null if none.</summary>
    public async Task<DateTimeOffset?> GetLastSavedAsync(IReadOnlyList<long> organizationIds, int year, Reader reader, CancellationToken cancellationToken = default)
    {
        // Provisional figures count only when the reader sees every one of the organizations' (a district's own users).
        var includeProvisional = organizationIds.All(reader.SeesUnpublished);
        await using var connection = await db.OpenAsync(cancellationToken);
        var sql = $"""
            SELECT max(updated_at) FROM figures
            WHERE {Dialect.AnyOf(connection, "organization_id", "@organizationIds")} AND year = @year AND (@includeProvisional OR status <> 'Provisional')
            """;
        var last = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(sql, new { organizationIds, year, includeProvisional }, cancellationToken: cancellationToken));
        return last is null ? null : DateTimeOffset.Parse(last, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The years that have at least one figure, latest first.</summary>
    public async Task<IReadOnlyList<int>> GetYearsAsync(long organizationId, Reader reader, CancellationToken cancellationToken = default)
    {
        var includeProvisional = reader.SeesUnpublished(organizationId);
        const string sql = """
            SELECT DISTINCT year
            FROM figures
            WHERE organization_id = @organizationId AND (@includeProvisional OR status <> 'Provisional')
            ORDER BY year DESC
            """;
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<int>(new CommandDefinition(sql, new { organizationId, includeProvisional }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>
    /// Year-over-year series of the given indicators, from <paramref name="fromYear"/> to <paramref name="toYear"/>
    /// inclusive, ordered by indicator code and year. A year without a figure has no point: a gap, never a zero.
    /// </summary>
    public async Task<IReadOnlyList<SeriesPoint>> GetSeriesAsync(
        long organizationId, IReadOnlyCollection<string> indicatorCodes, int fromYear, int toYear, Reader reader,
        CancellationToken cancellationToken = default)
    {
        var includeProvisional = reader.SeesUnpublished(organizationId);
        await using var connection = await db.OpenAsync(cancellationToken);
        var sql = $"""
            SELECT i.code AS indicator_code, f.year, f.value, f.qualifier, f.status
            FROM figures f
            JOIN indicators i ON i.id = f.indicator_id
            WHERE f.organization_id = @organizationId
              AND {Dialect.AnyOf(connection, "i.code", "@indicatorCodes")}
              AND f.year BETWEEN @fromYear AND @toYear
              AND (@includeProvisional OR f.status <> 'Provisional')
            ORDER BY i.code, f.year
            """;
        var rows = await connection.QueryAsync<SeriesPoint>(new CommandDefinition(
            sql, new { organizationId, indicatorCodes, fromYear, toYear, includeProvisional }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>
    /// Every indicator the organization reports (not retired, not left out by its choice) in display order, with its
    /// figure in <paramref name="year"/> (if any), the previous year's, and the change between them. The data entry
    /// grid, the tiles, the charts and the deck all show these.
    /// </summary>
    public async Task<IReadOnlyList<YearSummaryRow>> GetYearSummaryAsync(long organizationId, int year, Reader reader, CancellationToken cancellationToken = default)
    {
        var includeProvisional = reader.SeesUnpublished(organizationId);
        const string sql = $"""
            SELECT {CatalogQueries.IndicatorColumns},
                   cur.value, cur.qualifier, cur.status,
                   prev.value, prev.qualifier, prev.status
            FROM indicators i
            JOIN categories c ON c.id = i.category_id
            LEFT JOIN indicators p ON p.id = i.parent_id
            LEFT JOIN figures cur ON cur.indicator_id = i.id AND cur.organization_id = @organizationId AND cur.year = @year
                                 AND (@includeProvisional OR cur.status <> 'Provisional')
            LEFT JOIN figures prev ON prev.indicator_id = i.id AND prev.organization_id = @organizationId AND prev.year = @year - 1
                                  AND (@includeProvisional OR prev.status <> 'Provisional')
            WHERE i.retired_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM indicators_not_reported n WHERE n.organization_id = @organizationId AND n.indicator_id = i.id)
            ORDER BY c.display_order, i.display_order, i.id
            """;
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Indicator, FigureValue?, FigureValue?, YearSummaryRow>(
            new CommandDefinition(sql, new { organizationId, year, includeProvisional }, cancellationToken: cancellationToken),
            (indicator, current, previous) => new YearSummaryRow(indicator, year, current, previous, YearChange.Between(indicator.Kind, current, previous)),
            splitOn: "value,value");
        return rows.AsList();
    }

    /// <summary>
    /// Every change of one organization's indicator in one year, newest first — across deletions and re-entries,
    /// which give the figure a new id.
    /// </summary>
    /// <exception cref="AccessDeniedException">The reader does not see the organization's unpublished data.</exception>
    public async Task<IReadOnlyList<FigureHistoryEntry>> GetFigureHistoryAsync(long organizationId, long indicatorId, int year, Reader reader, CancellationToken cancellationToken = default)
    {
        reader.DemandUnpublished(organizationId);
        const string sql = $"""
            SELECT {HistoryColumns}
            FROM figure_history h
            JOIN indicators i ON i.id = h.indicator_id
            WHERE h.organization_id = @organizationId AND h.indicator_id = @indicatorId AND h.year = @year
            ORDER BY h.id DESC
            """;
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<FigureHistoryEntry>(new CommandDefinition(sql, new { organizationId, indicatorId, year }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>The latest changes of an organization's figures, newest first.</summary>
    /// <exception cref="AccessDeniedException">The reader does not see the organization's unpublished data.</exception>
    public async Task<IReadOnlyList<FigureHistoryEntry>> GetRecentChangesAsync(long organizationId, int limit, Reader reader, CancellationToken cancellationToken = default)
    {
        reader.DemandUnpublished(organizationId);
        const string sql = $"""
            SELECT {HistoryColumns}
            FROM figure_history h
            JOIN indicators i ON i.id = h.indicator_id
            WHERE h.organization_id = @organizationId
            ORDER BY h.id DESC
            LIMIT @limit
            """;
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<FigureHistoryEntry>(new CommandDefinition(sql, new { organizationId, limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    internal const string HistoryColumns = """
        h.id, h.figure_id, h.organization_id, h.indicator_id, i.code AS indicator_code, i.name AS indicator_name, h.year, h.action,
        h.old_value, h.new_value, h.old_qualifier, h.new_qualifier, h.old_status, h.new_status, h.old_note, h.new_note,
        h.old_source_text, h.new_source_text, h.version, h.changed_at, h.changed_by, h.reason
        """;

    /// <summary>Every change of one figure, oldest first; none of an organization whose unpublished data the reader does not see.</summary>
    public async Task<IReadOnlyList<FigureHistoryEntry>> GetHistoryAsync(long figureId, Reader reader, CancellationToken cancellationToken = default)
    {
        const string sql = $"""
            SELECT {HistoryColumns}
            FROM figure_history h
            JOIN indicators i ON i.id = h.indicator_id
            WHERE h.figure_id = @figureId
            ORDER BY h.id
            """;
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<FigureHistoryEntry>(new CommandDefinition(sql, new { figureId }, cancellationToken: cancellationToken));
        return [.. rows.Where(r => reader.SeesUnpublished(r.OrganizationId))];
    }
}
