using System.Data.Common;
using Dapper;
using Dashboard.Data.Users;

namespace Dashboard.Data.Review;

/// <summary>An indicator the organization reports with no figure for the year.</summary>
public sealed record MissingIndicator(long Id, string Code, string Name);

/// <summary>
/// What an organization's year still lacks: the indicators it reports (the catalog's, less those it said it does not
/// report, less retired ones) without a figure for the year. Submitting checks it; the editing pages and the district
/// page show it.
/// </summary>
public sealed class Completeness(DashboardDb db)
{
    private const string Sql = """
        SELECT i.id, i.code, i.name
        FROM indicators i
        JOIN categories c ON c.id = i.category_id
        WHERE i.retired_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM indicators_not_reported n WHERE n.organization_id = @organizationId AND n.indicator_id = i.id)
          AND NOT EXISTS (SELECT 1 FROM figures f WHERE f.organization_id = @organizationId AND f.year = @year AND f.indicator_id = i.id
                                                    AND f.status <> 'Sample')
        ORDER BY c.display_order, i.display_order, i.id
        """;

    /// <summary>The year's missing indicators, for those who may see the organization's unpublished work.</summary>
    /// <exception cref="AccessDeniedException">The reader may not see the organization's unpublished data.</exception>
    public async Task<IReadOnlyList<MissingIndicator>> MissingAsync(long organizationId, int year, Reader reader, CancellationToken cancellationToken = default)
    {
        reader.DemandUnpublished(organizationId);
        await using var connection = await db.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<MissingIndicator>(new CommandDefinition(Sql, new { organizationId, year }, cancellationToken: cancellationToken))];
    }

    internal static async Task<IReadOnlyList<MissingIndicator>> MissingAsync(DbTransaction transaction, long organizationId, int year, CancellationToken cancellationToken) =>
        [.. await transaction.Connection!.QueryAsync<MissingIndicator>(new CommandDefinition(Sql, new { organizationId, year }, transaction, cancellationToken: cancellationToken))];
}
