using Dapper;

namespace Dashboard.Data.Catalog;

public sealed class CatalogQueries(DashboardDb db)
{
    /// <summary>
    /// Every organization, archived ones included (a bookmark to one still shows its figures), each with its
    /// <see cref="Organization.Lineage"/>; districts first, then each followed by what is under it, by name.
    /// Pickers leave out the archived ones.
    /// </summary>
    public async Task<IReadOnlyList<Organization>> GetOrganizationsAsync(CancellationToken cancellationToken = default)
    {
        const string sql = """
            SELECT id, code, name, kind, parent_id, archived_at
            FROM organizations
            ORDER BY id
            """;
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<Organization>(new CommandDefinition(sql, cancellationToken: cancellationToken))).AsList();
        return InTreeOrder(rows);
    }

    public async Task<Organization?> GetOrganizationAsync(string code, CancellationToken cancellationToken = default) =>
        (await GetOrganizationsAsync(cancellationToken)).FirstOrDefault(o => o.Code == code);

    public async Task<Organization?> GetOrganizationAsync(long id, CancellationToken cancellationToken = default) =>
        (await GetOrganizationsAsync(cancellationToken)).FirstOrDefault(o => o.Id == id);

    /// <summary>Fills in each lineage and orders the tree: a parent before its children, the first organization added first among equals.</summary>
    internal static IReadOnlyList<Organization> InTreeOrder(IReadOnlyList<Organization> rows)
    {
        var byId = rows.ToDictionary(o => o.Id);
        List<long> LineageOf(Organization organization)
        {
            var lineage = new List<long> { organization.Id };
            // The rules allow one level; the guard keeps a hand-edited cycle from looping.
            for (var parent = organization.ParentId; parent is { } id && byId.ContainsKey(id) && !lineage.Contains(id); parent = byId[id].ParentId)
            {
                lineage.Add(id);
            }
            return lineage;
        }
        var withLineage = rows.Select(o => o with { Lineage = LineageOf(o) }).ToList();
        var ordered = new List<Organization>(rows.Count);
        void Add(Organization organization)
        {
            ordered.Add(organization);
            foreach (var child in withLineage.Where(o => o.ParentId == organization.Id && o.Id != organization.Id))
            {
                if (!ordered.Contains(child)) Add(child);
            }
        }
        foreach (var root in withLineage.Where(o => o.ParentId is null || !byId.ContainsKey(o.ParentId.Value)))
        {
            Add(root);
        }
        ordered.AddRange(withLineage.Where(o => !ordered.Contains(o)));
        return ordered;
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

    /// <summary>The indicators <paramref name="organizationId"/> does not report (its choice; the rest it reports).</summary>
    public async Task<IReadOnlySet<long>> GetNotReportedAsync(long organizationId, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT indicator_id FROM indicators_not_reported WHERE organization_id = @organizationId", new { organizationId }, cancellationToken: cancellationToken));
        return rows.ToHashSet();
    }

    /// <summary>The latest changes of the catalog and of organizations' choices, newest first.</summary>
    public async Task<IReadOnlyList<CatalogChange>> GetHistoryAsync(int limit, CancellationToken cancellationToken = default)
    {
        const string sql = """
            SELECT h.id, h.indicator_id, i.name AS indicator_name, h.organization_id, o.name AS organization_name,
                   h.action, h.description, h.changed_at, h.changed_by
            FROM catalog_history h
            JOIN indicators i ON i.id = h.indicator_id
            LEFT JOIN organizations o ON o.id = h.organization_id
            ORDER BY h.id DESC
            LIMIT @limit
            """;
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<CatalogChange>(new CommandDefinition(sql, new { limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>The columns of <see cref="Indicator"/>, over indicators i, categories c and the parent p.</summary>
    internal const string IndicatorColumns = """
        i.id, i.code, i.category_id, c.code AS category_code, i.parent_id, p.code AS parent_code,
        i.name, i.name_en, i.unit, i.kind, i.direction, i.display_order, i.description,
        i.headline_order, i.chart, i.reference_value, i.reference_label, i.aliases, i.retired_at, i.version,
        (SELECT r.code FROM indicators r WHERE r.id = i.rate_of_id) AS rate_of_code
        """;

    private const string IndicatorSelect = $"""
        SELECT {IndicatorColumns}
        FROM indicators i
        JOIN categories c ON c.id = i.category_id
        LEFT JOIN indicators p ON p.id = i.parent_id
        """;
}
