using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Import;
using Dashboard.Data.Schema;
using Dashboard.Data.Seeding;

namespace Dashboard.Web.Hosting;

/// <summary>
/// <c>extract FILE [--json]</c>: the figures the report extractor proposes for a report (.docx, .pdf with a text layer,
/// .html, or .txt/.md in UTF-8 or GBK — read as the import reads it, <see cref="ReportFiles"/>), mapped to the install's
/// catalog — for scripts and measurement. Offsets are into the normalised text. Writes nothing.
/// </summary>
public static class ExtractCommandLine
{
    public const string Usage = """
        用法：extract 文件 [--json]   列出报告中识别出的数字（.docx、带文字的 .pdf、.html、.txt/.md：UTF-8 或 GBK）；
                                      --json 输出 JSON 数组（start/end 为数字在整理后的正文中的位置）
        """;

    public static bool Handles(string[] args) => args is ["extract", ..];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        WriteIndented = true,
    };

    public static async Task<int> RunAsync(string[] args, IServiceProvider services)
    {
        if (args is not (["extract", _] or ["extract", _, "--json"]))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var path = args[1];
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"找不到文件“{path}”。");
            return 2;
        }
        string text;
        try
        {
            // .docx, .pdf with a text layer, a saved web page, or text in UTF-8 or GBK: the same reading as the import.
            await using var file = File.OpenRead(path);
            text = (await ReportFiles.ReadAsync(file, path)).Markdown;
        }
        catch (ReportFileException problem)
        {
            Console.Error.WriteLine(problem.Message);
            return 2;
        }

        // The install's catalog (its database brought up to date and seeded, as the app does at start-up).
        var db = services.GetRequiredService<DashboardDb>();
        await SchemaMigrator.MigrateAsync(db);
        await services.GetRequiredService<Seeder>().SeedAsync(SeedData.Load(services.GetRequiredService<DataPaths>().SeedFolder));
        var catalog = await services.GetRequiredService<CatalogQueries>().GetIndicatorsAsync();

        var figures = FigureExtractor.Extract(text, catalog, limit: FigureExtractor.MaxFigures);
        if (figures.Count > FigureExtractor.MaxFigures)
        {
            Console.Error.WriteLine($"识别到的数字超过 {FigureExtractor.MaxFigures:N0} 个的上限：这不像一份年度报告，未列出。");
            return 2;
        }
        if (args is [_, _, "--json"])
        {
            Console.WriteLine(JsonSerializer.Serialize(figures.Select(f => new
            {
                value = f.Value, unit = f.Unit, qualifier = f.Qualifier.ToString(), raw = f.Raw, start = f.Start, end = f.End,
                sentence = f.Sentence, indicator = f.Indicator, confidence = f.Confidence, partOf = f.PartOf,
            }), Json));
            return 0;
        }
        var names = catalog.ToDictionary(i => i.Code, i => i.Name);
        Console.WriteLine($"{figures.Count} 个数字（{path}）");
        foreach (var (figure, index) in figures.Select((f, i) => (f, i)))
        {
            var indicator = figure.Indicator is { } code ? $"{names[code]}（{code}，{figure.Confidence.ToString("0.00", CultureInfo.InvariantCulture)}）" : "—";
            var part = figure.PartOf is { } total ? $"  属于 #{total}" : "";
            Console.WriteLine($"#{index,-3} {figure.Raw,-14} = {figure.Value.ToString(CultureInfo.InvariantCulture)}{figure.Unit} {figure.Qualifier,-9} {indicator}{part}");
        }
        return 0;
    }
}
