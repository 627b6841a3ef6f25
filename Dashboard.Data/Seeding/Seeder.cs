using Dapper;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;

namespace Dashboard.Data.Seeding;

public sealed record SeedResult(int Organizations, int Categories, int Indicators, int Reports, int Figures)
{
    public bool ChangedAnything => Organizations + Categories + Indicators + Reports + Figures > 0;
}

/// <summary>
/// Adds what a seed-data folder holds and the database lacks, in one transaction. It never changes or
/// re-adds what is there: catalog entries are matched by code, and a report is seeded with its figures only
/// when the database has no report for that organization and year — so staff corrections and deliberate
/// deletions survive every restart, and seeding again changes nothing.
/// </summary>
public sealed class Seeder(DashboardDb db, TimeProvider clock)
{
    public const string Author = "seed-data";

    public async Task<SeedResult> SeedAsync(SeedData data, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        var now = clock.GetUtcNow();

        var organizations = 0;
        foreach (var organization in data.Organizations)
        {
            const string sql = """
                INSERT INTO organizations (code, name, kind) VALUES (@Code, @Name, @Kind)
                ON CONFLICT (code) DO NOTHING
                """;
            organizations += await connection.ExecuteAsync(new CommandDefinition(sql, organization, transaction, cancellationToken: cancellationToken));
        }

        var categories = 0;
        foreach (var category in data.Categories)
        {
            const string sql = """
                INSERT INTO categories (code, name, name_en, display_order) VALUES (@Code, @Name, @NameEn, @DisplayOrder)
                ON CONFLICT (code) DO NOTHING
                """;
            categories += await connection.ExecuteAsync(new CommandDefinition(sql, category, transaction, cancellationToken: cancellationToken));
        }

        var indicators = 0;
        foreach (var indicator in OrderParentsFirst(data.Indicators))
        {
            const string sql = """
                INSERT INTO indicators (code, category_id, parent_id, name, name_en, unit, kind, direction, display_order, description,
                                        headline_order, chart, reference_value, reference_label, aliases)
                VALUES (@Code, (SELECT id FROM categories WHERE code = @CategoryCode), (SELECT id FROM indicators WHERE code = @ParentCode),
                        @Name, @NameEn, @Unit, @Kind, @Direction, @DisplayOrder, @Description,
                        @HeadlineOrder, @Chart, @ReferenceValue, @ReferenceLabel, @Aliases)
                ON CONFLICT (code) DO NOTHING
                """;
            indicators += await connection.ExecuteAsync(new CommandDefinition(sql, new
            {
                indicator.Code, indicator.CategoryCode, indicator.ParentCode, indicator.Name, indicator.NameEn, indicator.Unit,
                Kind = indicator.Kind.ToString(), Direction = indicator.Direction.ToString(), indicator.DisplayOrder, indicator.Description,
                indicator.HeadlineOrder, Chart = NullIfEmpty(indicator.Chart), indicator.ReferenceValue, indicator.ReferenceLabel, indicator.Aliases,
            }, transaction, cancellationToken: cancellationToken));
        }

        foreach (var indicator in data.Indicators.Where(i => i.RateOfCode.Length > 0))
        {
            const string sql = """
                UPDATE indicators SET rate_of_id = (SELECT id FROM indicators WHERE code = @RateOfCode)
                WHERE code = @Code AND rate_of_id IS NULL
                """;
            await connection.ExecuteAsync(new CommandDefinition(sql, new { indicator.Code, indicator.RateOfCode }, transaction, cancellationToken: cancellationToken));
        }

        var reports = 0;
        var figures = 0;
        foreach (var report in data.Reports)
        {
            const string insertReport = """
                INSERT INTO reports (organization_id, year, title, published, body, personal_names, updated_at, updated_by)
                VALUES ((SELECT id FROM organizations WHERE code = @Organization), @Year, @Title, @Published, @Body, @PersonalNames, @Now, @Author)
                ON CONFLICT (organization_id, year) DO NOTHING
                """;
            var added = await connection.ExecuteAsync(new CommandDefinition(insertReport, new
            {
                report.Organization, report.Year, report.Title, report.Published, report.Body, PersonalNames = Dashboard.Data.Reports.PersonalNames.Normalize(report.PersonalNames), Now = now, Author,
            }, transaction, cancellationToken: cancellationToken));
            if (added > 0)
            {
                var organizationId = await connection.QuerySingleAsync<long>(new CommandDefinition(
                    "SELECT id FROM organizations WHERE code = @Organization", new { report.Organization }, transaction, cancellationToken: cancellationToken));
                await Dashboard.Data.Reports.ReportCommands.WriteHistoryAsync(transaction, organizationId, report.Year, "初始数据", cancellationToken);
            }
            if (added == 0)
            {
                continue;
            }
            reports++;

            foreach (var figure in data.Figures.Where(f => f.Organization == report.Organization && f.Year == report.Year))
            {
                var key = await KeyAsync(transaction, figure, cancellationToken)
                    ?? throw new SeedDataException($"figures.csv：{figure.Organization} {figure.Indicator} 不在数据库中");
                var save = new FigureSave
                {
                    OrganizationId = key.OrganizationId, IndicatorId = key.IndicatorId, Year = figure.Year,
                    Value = figure.Value, Qualifier = figure.Qualifier, Status = figure.Status,
                    SourceText = figure.SourceText, Note = figure.Note, ExpectedVersion = null,
                    Reason = $"导入《{report.Title}》",
                };
                var (_, conflict) = await FigureCommands.SaveAsync(transaction, save, Author, now, cancellationToken);
                if (conflict is not null)
                {
                    // A figure without its report: entered by hand before the report was seeded. Keep the person's figure.
                    continue;
                }
                figures++;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new SeedResult(organizations, categories, indicators, reports, figures);
    }

    public const string SampleAuthor = "sample-data";

    /// <summary>
    /// Adds sample figures where the database has no figure at all for that organization, indicator and year:
    /// a sample never overwrites or sits beside a real figure. Returns how many were added.
    /// </summary>
    public async Task<int> SeedSampleAsync(IReadOnlyList<SeedFigure> sample, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var added = 0;
        foreach (var figure in sample)
        {
            if (await KeyAsync(transaction, figure, cancellationToken) is not { } found)
            {
                continue;
            }
            var save = new FigureSave
            {
                OrganizationId = found.OrganizationId, IndicatorId = found.IndicatorId, Year = figure.Year,
                Value = figure.Value, Qualifier = figure.Qualifier, Status = FigureStatus.Sample,
                Note = figure.Note, ExpectedVersion = null, Reason = "加载示例数据",
            };
            var (saved, _) = await FigureCommands.SaveAsync(transaction, save, SampleAuthor, now, cancellationToken);
            if (saved is not null) added++;
        }
        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    /// <summary>Deletes every sample figure (recording each deletion in the history). Returns how many.</summary>
    public async Task<int> RemoveSampleAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        const string history = """
            INSERT INTO figure_history (figure_id, organization_id, indicator_id, year, action, old_value, old_qualifier, old_status,
                                        version, changed_at, changed_by, reason)
            SELECT id, organization_id, indicator_id, year, 'Delete', value, qualifier, status, version, @Now, @SampleAuthor, '移除示例数据'
            FROM figures WHERE status = 'Sample'
            """;
        await connection.ExecuteAsync(new CommandDefinition(history, new { Now = clock.GetUtcNow(), SampleAuthor }, transaction, cancellationToken: cancellationToken));
        var removed = await connection.ExecuteAsync(new CommandDefinition("DELETE FROM figures WHERE status = 'Sample'", transaction: transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return removed;
    }

    /// <summary>The database ids of a seed figure's organization and indicator, or null when either is missing.</summary>
    private static async Task<(long OrganizationId, long IndicatorId)?> KeyAsync(
        System.Data.Common.DbTransaction transaction, SeedFigure figure, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT o.id AS organization_id, i.id AS indicator_id
            FROM organizations o, indicators i
            WHERE o.code = @Organization AND i.code = @Indicator
            """;
        return await transaction.Connection!.QuerySingleOrDefaultAsync<(long OrganizationId, long IndicatorId)?>(
            new CommandDefinition(sql, new { figure.Organization, figure.Indicator }, transaction, cancellationToken: cancellationToken));
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static IEnumerable<IndicatorSave> OrderParentsFirst(IReadOnlyList<IndicatorSave> indicators)
    {
        var byCode = indicators.ToDictionary(i => i.Code);
        int Depth(IndicatorSave indicator, int guard = 0) =>
            indicator.ParentCode is { Length: > 0 } parent && guard < indicators.Count ? 1 + Depth(byCode[parent], guard + 1) : 0;
        return indicators.OrderBy(i => Depth(i));
    }
}
