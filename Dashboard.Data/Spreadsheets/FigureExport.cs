using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Users;

namespace Dashboard.Data.Spreadsheets;

/// <summary>Organizations' figures out as spreadsheets: all years or one, and the entry template for a year.</summary>
public sealed class FigureExport(DashboardDb db)
{
    /// <summary>
    /// The figures of each organization (one sheet each in .xlsx; one table in .csv), every year or only
    /// <paramref name="year"/>. Provisional figures only of the organizations whose unpublished data <paramref name="reader"/> sees.
    /// </summary>
    public async Task WriteFiguresAsync(Stream stream, SheetFormat format, IReadOnlyList<Organization> organizations, int? year,
        Reader reader, CancellationToken cancellationToken = default)
    {
        var indicators = (await new CatalogQueries(db).GetIndicatorsAsync(cancellationToken)).ToDictionary(i => i.Id);
        var queries = new FigureQueries(db);
        var sheets = new List<(string, IReadOnlyList<IReadOnlyDictionary<string, object?>>)>();
        foreach (var organization in organizations)
        {
            var figures = await queries.GetAllFiguresAsync(organization.Id, reader, cancellationToken);
            var rows = figures
                .Where(f => year is null || f.Year == year)
                .Select(f => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
                {
                    [FigureSheets.OrganizationCode] = organization.Code,
                    [FigureSheets.OrganizationName] = organization.Name,
                    [FigureSheets.Year] = f.Year,
                    [FigureSheets.IndicatorCode] = f.IndicatorCode,
                    [FigureSheets.Indicator] = indicators[f.IndicatorId].Name,
                    [FigureSheets.Value] = f.Value,
                    [FigureSheets.Approximation] = CodeWords.Of(f.Qualifier),
                    [FigureSheets.Written] = FigureText.Format(f.Value, f.Qualifier, indicators[f.IndicatorId]),
                    [FigureSheets.Unit] = indicators[f.IndicatorId].Unit,
                    [FigureSheets.Status] = CodeWords.Of(f.Status),
                    [FigureSheets.Source] = f.SourceText,
                    [FigureSheets.Note] = f.Note,
                })
                .ToList();
            var name = SheetName(organization);
            sheets.Add((sheets.Any(s => s.Item1 == name) ? $"{name}-{sheets.Count + 1}" : name, rows));
        }
        await FigureSheets.WriteAsync(stream, format, FigureSheets.ExportColumns, sheets, cancellationToken);
    }

    /// <summary>The entry template of a year: every indicator the organization reports, last year's figure beside the empty cell.</summary>
    public async Task WriteTemplateAsync(Stream stream, SheetFormat format, Organization organization, int year, Reader reader, CancellationToken cancellationToken = default)
    {
        var summary = await new FigureQueries(db).GetYearSummaryAsync(organization.Id, year, reader, cancellationToken);
        // Each figure's note goes out with it: the sheet's 备注 is what the figure's note will be, so a template sent
        // back unchanged changes nothing (an empty cell would clear the note).
        var notes = (await new FigureQueries(db).GetFiguresAsync(organization.Id, year, reader, cancellationToken))
            .ToDictionary(f => f.IndicatorId, f => f.Note);
        var rows = summary
            .Select(r => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
            {
                [FigureSheets.OrganizationCode] = organization.Code,
                [FigureSheets.Year] = year,
                [FigureSheets.IndicatorCode] = r.Indicator.Code,
                [FigureSheets.Indicator] = (r.Indicator.ParentId is null ? "" : "其中：") + r.Indicator.Name,
                [FigureSheets.Unit] = r.Indicator.Unit,
                [FigureSheets.LastYear] = r.Previous is { } previous ? FigureText.Format(previous.Value, previous.Qualifier, r.Indicator) : "",
                // What is already entered for the year stays visible: the template doubles as a correction sheet.
                [FigureSheets.Value] = r.Current?.Value,
                [FigureSheets.Approximation] = r.Current is { } current ? CodeWords.Of(current.Qualifier) : "",
                [FigureSheets.Status] = r.Current is { } c ? CodeWords.Of(c.Status) : "暂定",
                [FigureSheets.Note] = notes.GetValueOrDefault(r.Indicator.Id, ""),
            })
            .ToList();
        await FigureSheets.WriteAsync(stream, format, FigureSheets.TemplateColumns, [(SheetName(organization), rows)], cancellationToken);
    }

    /// <summary>Excel's sheet names: at most 31 characters, none of []:*?/\ (made unique by the caller).</summary>
    private static string SheetName(Organization organization)
    {
        var name = new string(organization.Name.Where(c => "[]:*?/\\".IndexOf(c) < 0).ToArray());
        return name.Length > 24 ? name[..24] : name;
    }
}
