using Dapper;
using Dashboard.Data;

namespace Dashboard.Tests.Support;

/// <summary>Builds a small catalog of its own in a migrated database, for tests that need data they control.</summary>
public static class CatalogBuilder
{
    public static async Task<long> AddOrganizationAsync(DashboardDb db, string code = "test", string name = "测试街道")
    {
        await using var connection = await db.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(
            "INSERT INTO organizations (code, name, kind) VALUES (@code, @name, '街道') RETURNING id", new { code, name });
    }

    public static async Task<long> AddIndicatorAsync(
        DashboardDb db, string code, IndicatorKind kind = IndicatorKind.Count, string unit = "件",
        Direction direction = Direction.Neutral, string? parent = null)
    {
        await using var connection = await db.OpenAsync();
        await connection.ExecuteAsync("""
            INSERT INTO categories (code, name, name_en, display_order) VALUES ('test', '测试', 'Test', 1)
            ON CONFLICT (code) DO NOTHING
            """);
        return await connection.ExecuteScalarAsync<long>("""
            INSERT INTO indicators (code, category_id, parent_id, name, name_en, unit, kind, direction, display_order)
            VALUES (@code, (SELECT id FROM categories WHERE code = 'test'), (SELECT id FROM indicators WHERE code = @parent),
                    @code, @code, @unit, @kind, @direction, (SELECT count(*) FROM indicators))
            RETURNING id
            """, new { code, parent, unit, kind = kind.ToString(), direction = direction.ToString() });
    }
}
