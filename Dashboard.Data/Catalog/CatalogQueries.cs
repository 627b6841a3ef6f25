using Dapper;

namespace Dashboard.Data.Catalog;

public sealed class CatalogQueries(DashboardDb db)
{
    public async Task<IReadOnlyList<Organization>> GetOrganizationsAsync(CancellationToken cancellationToken = default)
    {
        const string sql = """
            SELECT id, code, name, kind
            FROM organizations
            ORDER BY id
            """;
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Organization>(new CommandDefinition(sql, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<Organization?> GetOrganizationAsync(string code, CancellationToken cancellationToken = default)
    {
        const string sql = """
            SELECT id, code, name, kind
            FROM organizations
            WHERE code = @code
            """;
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Organization>(new CommandDefinition(sql, new { code }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<Category>> GetCategoriesAsync(CancellationToken cancellationToken = default)
    {
        const string sql = """
            SELECT id, code, name, name_en, display_order
            FROM categories
            ORDER BY display_order, id
            """;
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Category>(new CommandDefinition(sql, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>All indicators in display order: by category, then within it.</summary>
    public async Task<IReadOnlyList<Indicator>> GetIndicatorsAsync(CancellationToken cancellationToken = default)
    {
        const string sql = $"""
            {IndicatorSelect}
            ORDER BY c.display_order, i.display_order, i.id
            """;
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Indicator>(new CommandDefinition(sql, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<Indicator?> GetIndicatorAsync(string code, CancellationToken cancellationToken = default)
    {
        const string sql = $"""
            {IndicatorSelect}
            WHERE i.code = @code
            """;
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Indicator>(new CommandDefinition(sql, new { code }, cancellationToken: cancellationToken));
    }

    /// <summary>The columns of <see cref="Indicator"/>, over indicators i, categories c and the parent p.</summary>
    internal const string IndicatorColumns = """
        i.id, i.code, i.category_id, c.code AS category_code, i.parent_id, p.code AS parent_code,
        i.name, i.name_en, i.unit, i.kind, i.direction, i.display_order, i.description,
        i.headline_order, i.chart, i.reference_value, i.reference_label
        """;

    private const string IndicatorSelect = $"""
        SELECT {IndicatorColumns}
        FROM indicators i
        JOIN categories c ON c.id = i.category_id
        LEFT JOIN indicators p ON p.id = i.parent_id
        """;
}
