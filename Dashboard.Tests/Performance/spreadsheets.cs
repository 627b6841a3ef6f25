#:project ../../Dashboard.Data/Dashboard.Data.csproj
#:property ManagePackageVersionsCentrally=false
#:property TreatWarningsAsErrors=false
#:property PublishAot=false

// Spreadsheet budgets (docs/measuring.md#budgets), on a real SQLite file seeded from seed-data/:
//   - importing a 500-row spreadsheet (read + preview + one-transaction commit) <= 500 ms
//   - exporting 20 organizations x 5 years (one .xlsx, a sheet each) <= 1 s
// Usage (from the repository root): dotnet run -c Release Dashboard.Tests/Performance/spreadsheets.cs [runs]
using System.Diagnostics;
using System.Text;
using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Schema;
using Dashboard.Data.Seeding;
using Dashboard.Data.Spreadsheets;
using Dashboard.Data.Users;

var runs = args.Length > 0 ? int.Parse(args[0]) : 5;
var system = Actor.System("measure");
var imports = new List<(double Read, double Preview, double Commit, int Rows)>();
var exports = new List<(double Xlsx, double Csv, long Bytes, int Figures)>();

for (var run = 0; run < runs; run++)
{
    var folder = Directory.CreateTempSubdirectory("dashboard-sheets-").FullName;
    try
    {
        var db = new DashboardDb(Path.Combine(folder, "dashboard.db"));
        await SchemaMigrator.MigrateAsync(db);
        await new Seeder(db, TimeProvider.System).SeedAsync(SeedData.Load("seed-data"));
        var catalog = new CatalogQueries(db);
        var indicators = (await catalog.GetIndicatorsAsync()).Where(i => i.Kind != IndicatorKind.Flag).ToList();
        var luoxing = (await catalog.GetOrganizationAsync("luoxing"))!;

        // A street's history as a spreadsheet: every indicator, year after year from 2005, until there are 500 rows or more.
        var csv = new StringBuilder("指标代码,年度,数值,状态\n");
        var rows = 0;
        for (var year = 2005; rows < 500; year++)
            foreach (var indicator in indicators)
            {
                csv.Append($"{indicator.Code},{year},{(indicator.Kind == IndicatorKind.Rate ? 90 + year % 10 : indicator.ParentId is null ? 100 + year : 1)},已发布\n");
                rows++;
            }
        var bytes = Encoding.UTF8.GetBytes(csv.ToString());
        var import = new FigureImport(db, TimeProvider.System);
        var clock = Stopwatch.StartNew();
        var table = await FigureSheets.ReadAsync(new MemoryStream(bytes), "历年数据.csv");
        var read = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        var plan = await import.PreviewAsync(table, "历年数据.csv", luoxing, null, Reader.System("测量"));
        var preview = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        var result = await import.CommitAsync(plan, system);
        var commit = clock.Elapsed.TotalMilliseconds;
        if (!result.Succeeded || result.Saved.Count != rows) throw new InvalidOperationException($"import failed: {result.Saved.Count}/{rows}");
        imports.Add((read, preview, commit, rows));

        // A district of 20 streets with 5 years each.
        var organizations = new OrganizationCommands(db, TimeProvider.System);
        await organizations.AddAsync(new OrganizationSave { Code = "district", Name = "测试区", Kind = "区" }, system);
        var figures = new FigureCommands(db, TimeProvider.System);
        for (var i = 1; i <= 20; i++)
        {
            await organizations.AddAsync(new OrganizationSave { Code = $"street-{i}", Name = $"第{i}街道", Kind = "街道", ParentCode = "district" }, system);
            var street = (await catalog.GetOrganizationAsync($"street-{i}"))!;
            var saves = Enumerable.Range(2020, 5).SelectMany(year => indicators.Select(indicator => new FigureSave
            {
                OrganizationId = street.Id, IndicatorId = indicator.Id, Year = year, Value = indicator.Kind == IndicatorKind.Rate ? 95 : indicator.ParentId is null ? i * 10 + year % 100 : 1,
                Qualifier = Qualifier.Exact, Status = FigureStatus.Published, SourceText = $"{indicator.Name}{i}件",
            })).ToList();
            if (!(await figures.SaveBatchAsync(saves, system)).Succeeded) throw new InvalidOperationException("fill failed");
        }
        var all = await catalog.GetOrganizationsAsync();
        var district = all.Single(o => o.Code == "district");
        var included = all.Where(o => o.Lineage.Contains(district.Id)).ToList();
        var export = new FigureExport(db);
        using var xlsx = new MemoryStream();
        clock.Restart();
        await export.WriteFiguresAsync(xlsx, SheetFormat.Xlsx, included, null, Reader.System("测量"));
        var xlsxMs = clock.Elapsed.TotalMilliseconds;
        using var csvOut = new MemoryStream();
        clock.Restart();
        await export.WriteFiguresAsync(csvOut, SheetFormat.Csv, included, null, Reader.System("测量"));
        var csvMs = clock.Elapsed.TotalMilliseconds;
        exports.Add((xlsxMs, csvMs, xlsx.Length, 20 * 5 * indicators.Count));
    }
    finally
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}

static double Median(IEnumerable<double> values) { var sorted = values.Order().ToList(); return sorted[sorted.Count / 2]; }
Console.WriteLine($"import of {imports[0].Rows} rows ({runs} runs, the first one cold):");
Console.WriteLine($"  read   median {Median(imports.Select(i => i.Read)):0.0} ms");
Console.WriteLine($"  preview median {Median(imports.Select(i => i.Preview)):0.0} ms");
Console.WriteLine($"  commit median {Median(imports.Select(i => i.Commit)):0.0} ms");
Console.WriteLine($"  total  median {Median(imports.Select(i => i.Read + i.Preview + i.Commit)):0.0} ms, max {imports.Max(i => i.Read + i.Preview + i.Commit):0.0} ms   (budget 500 ms)");
Console.WriteLine($"export of 20 organizations x 5 years ({exports[0].Figures} figures):");
Console.WriteLine($"  xlsx median {Median(exports.Select(e => e.Xlsx)):0.0} ms, max {exports.Max(e => e.Xlsx):0.0} ms, {exports[0].Bytes / 1024.0:0} KB   (budget 1000 ms)");
Console.WriteLine($"  csv  median {Median(exports.Select(e => e.Csv)):0.0} ms, max {exports.Max(e => e.Csv):0.0} ms");
