using System.Globalization;
using CsvHelper;
using Dapper;
using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Spreadsheets;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Http;

/// <summary>
/// CSV injection, performed: a note, an organization's name and an indicator's name that start like a formula, stored
/// however they got there, downloaded as CSV by an anonymous visitor. No cell of the file starts a formula in a
/// spreadsheet, and the same file uploaded again brings back the texts as they were.
/// </summary>
public sealed class CsvInjectionTests
{
    public static TheoryData<string> Prefixes() => ["=", "+", "-", "@", "\t", "\r", "＝"];

    [Theory]
    [MemberData(nameof(Prefixes))]
    public async Task NoCellOfADownloadedCsvStartsAFormulaAndTheTextsComeBackOnUpload(string prefix)
    {
        await using var app = new DashboardApp();
        var db = app.Services.GetRequiredService<DashboardDb>();
        var note = prefix + "HYPERLINK(\"http://evil.example/\",\"点此\")";
        var organizationName = prefix + "cmd|' /C calc'!A0";
        var indicatorName = prefix + "1+1";
        var luoxing = (await new CatalogQueries(db).GetOrganizationAsync("luoxing"))!;
        var petitions = (await new CatalogQueries(db).GetIndicatorAsync("petitions_handled"))!;
        var stored = (await new FigureQueries(db).GetFiguresAsync(luoxing.Id, 2024, Reader.Visitor)).Single(f => f.IndicatorId == petitions.Id);
        Assert.True((await app.Services.GetRequiredService<FigureCommands>().SaveAsync(new FigureSave
        {
            OrganizationId = luoxing.Id, IndicatorId = petitions.Id, Year = 2024, Value = stored.Value, Qualifier = stored.Qualifier,
            Status = FigureStatus.Published, SourceText = stored.SourceText, Note = note, ExpectedVersion = stored.Version, Reason = "备注",
        }, Actor.System("test"))).Succeeded);
        // Names as another writer (an older version, a database tool) may have stored them, before any page was read.
        await using (var connection = await db.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE organizations SET name = @organizationName WHERE code = 'luoxing'", new { organizationName });
            await connection.ExecuteAsync("UPDATE indicators SET name = @indicatorName WHERE code = 'petitions_handled'", new { indicatorName });
        }

        using var visitor = app.CreateClient();
        var bytes = await visitor.GetByteArrayAsync("/exports/figures.csv?org=luoxing");

        var cells = new List<string>();
        using (var csv = new CsvReader(new StreamReader(new MemoryStream(bytes)), CultureInfo.InvariantCulture))
        {
            while (csv.Read())
                for (var i = 0; csv.TryGetField<string>(i, out var cell); i++) cells.Add(cell!);
        }
        Assert.DoesNotContain(cells, c => c.Length > 0 && c[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n' or '＝');
        Assert.Contains("'" + note, cells);
        Assert.Contains("'" + organizationName, cells);
        Assert.Contains("'" + indicatorName, cells);

        var table = await FigureSheets.ReadAsync(new MemoryStream(bytes), "罗星街道.csv");
        var row = table.Rows.Single(r => (string?)r.Cells[FigureSheets.IndicatorCode] == "petitions_handled" && (string?)r.Cells[FigureSheets.Year] == "2024");
        Assert.Equal(note, row.Cells[FigureSheets.Note]);
        Assert.Equal(organizationName, row.Cells[FigureSheets.OrganizationName]);
    }
}
