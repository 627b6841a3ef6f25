using System.Text.Json;
using Dashboard.Data.Catalog;
using Dashboard.Data.Import;
using Dashboard.Data.Seeding;
using Dashboard.Tests.Support;
using Xunit.Abstractions;

namespace Dashboard.Tests.Data;

/// <summary>
/// The report extractor scored over the labelled corpus (Dashboard.Tests/ImportCorpus/README.md): precision and
/// recall of value + unit, qualifier accuracy, how often the suggested indicator is the labelled one (all suggestions, the
/// sure ones an import takes by default, and per confidence threshold), every miss, false figure and wrong suggestion printed —
/// <c>dotnet test --filter ImportCorpus --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class ImportCorpusTests(ITestOutputHelper output)
{
    private sealed record Label(decimal Value, string Unit, string Qualifier, string Raw, string? Indicator);

    private static readonly SeedData Seed = SeedData.Load(SeedFolder.Path);

    /// <summary>The seed's catalog as the product has it.</summary>
    internal static IReadOnlyList<Indicator> Catalog { get; } = Seed.Indicators.Select((i, n) => new Indicator
    {
        Id = n + 1, Code = i.Code, CategoryCode = i.CategoryCode, ParentCode = string.IsNullOrEmpty(i.ParentCode) ? null : i.ParentCode, Name = i.Name,
        NameEn = i.NameEn, Unit = i.Unit, Kind = i.Kind, Direction = i.Direction, Description = i.Description, Aliases = i.Aliases,
    }).ToList();

    private static string CorpusFolder
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Dashboard.sln"))) folder = folder.Parent;
            return Path.Combine(folder!.FullName, "Dashboard.Tests", "ImportCorpus", "reports");
        }
    }

    private static IEnumerable<(string Name, string Text, List<Label> Labels, string[] Names)> Documents()
    {
        var units = Catalog.ToDictionary(i => i.Code);
        yield return ("seed luoxing-2024", SeedFolder.ReportText,
            Seed.Figures.Select(f => new Label(f.Value, f.Value == 0 || units[f.Indicator].Kind == Dashboard.Data.IndicatorKind.Flag ? "" : units[f.Indicator].Unit,
                f.Qualifier.ToString(), f.SourceText, f.Indicator)).ToList(),
            Seed.Reports[0].PersonalNames.Split('、', StringSplitOptions.RemoveEmptyEntries));
        foreach (var json in Directory.GetFiles(CorpusFolder, "*.json").Order())
        {
            using var document = JsonDocument.Parse(File.ReadAllText(json));
            var labels = document.RootElement.GetProperty("figures").EnumerateArray().Select(f => new Label(
                f.GetProperty("value").GetDecimal(), f.GetProperty("unit").GetString() ?? "", f.GetProperty("qualifier").GetString() ?? "",
                f.GetProperty("raw").GetString() ?? "",
                f.TryGetProperty("indicator", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null)).ToList();
            yield return (Path.GetFileNameWithoutExtension(json), File.ReadAllText(Path.ChangeExtension(json, ".md")), labels, []);
        }
    }

    private static bool Same(ProposedFigure figure, Label label) =>
        (figure.Value == label.Value && figure.Unit == label.Unit)
        || (figure.Unit == "万元" && label.Unit == "元" && figure.Value * 10_000 == label.Value)
        || (label.Unit == "万元" && figure.Unit == "元" && label.Value * 10_000 == figure.Value)
        || (label.Value == 0 && figure.Value == 0 && figure.Unit == "");

    [Fact]
    public void TheCorpusHasItsLabelsAndEveryLabelOccursInItsDocument()
    {
        var documents = Documents().ToList();
        // At least 25 real reports of other streets, towns and townships, besides the seed.
        Assert.True(documents.Count(d => !d.Name.StartsWith("seed", StringComparison.Ordinal)) >= 25, $"{documents.Count} documents");
        Assert.All(documents, d => Assert.All(d.Labels, label =>
            Assert.True(d.Text.Contains(label.Raw, StringComparison.Ordinal), $"{d.Name}: “{label.Raw}” is not in the text")));
    }

    [Fact]
    public void TheExtractorFindsTheCorpusFiguresWithTheirQualifiersAndTheSeedReportExactly()
    {
        int labelled = 0, proposed = 0, found = 0, qualifiers = 0, withIndicator = 0, indicatorsRight = 0, sure = 0, sureRight = 0;
        var seedMisses = new List<string>();
        var matches = new List<(double Confidence, bool Right)>();
        foreach (var (name, text, labels, names) in Documents())
        {
            var figures = FigureExtractor.Extract(text, Catalog, names);
            var open = figures.ToList();
            var lines = new List<string>();
            foreach (var label in labels)
            {
                var match = open.FirstOrDefault(f => Same(f, label));
                if (match is null)
                {
                    lines.Add($"  MISS  {label.Raw} = {label.Value}{label.Unit} {label.Qualifier}");
                    continue;
                }
                open.Remove(match);
                found++;
                if (match.Qualifier.ToString() == label.Qualifier) qualifiers++;
                else lines.Add($"  QUAL  {label.Raw}: {match.Qualifier}, labelled {label.Qualifier}");
                if (match.Indicator is not null) matches.Add((match.Confidence, match.Indicator == label.Indicator));
                if (match.Indicator is not null && match.Confidence >= ReportImport.SureConfidence)
                {
                    // What the import takes by default: a sure match must be the labelled indicator.
                    sure++;
                    if (match.Indicator == label.Indicator) sureRight++;
                    else lines.Add($"  SURE  {label.Raw}: {match.Indicator} ({match.Confidence}), labelled {label.Indicator ?? "none"}");
                }
                if (label.Indicator is not null)
                {
                    withIndicator++;
                    if (match.Indicator == label.Indicator) indicatorsRight++;
                    else lines.Add($"  INDIC {label.Raw}: {match.Indicator ?? "none"} ({match.Confidence}), labelled {label.Indicator} in “{match.Sentence}”");
                }
            }
            lines.AddRange(open.Select(f => $"  FALSE {f.Raw} = {f.Value}{f.Unit} in “{f.Sentence}”"));
            labelled += labels.Count;
            proposed += figures.Count;
            output.WriteLine($"{name}: {labels.Count} labelled, {figures.Count} proposed");
            lines.ForEach(output.WriteLine);
            if (name.StartsWith("seed", StringComparison.Ordinal)) seedMisses.AddRange(lines);
        }
        var recall = 100.0 * found / labelled;
        var precision = 100.0 * found / proposed;
        var qualifier = 100.0 * qualifiers / found;
        output.WriteLine($"recall {recall:0.0} %, precision {precision:0.0} %, qualifier {qualifier:0.0} %, indicator {100.0 * indicatorsRight / withIndicator:0.0} % of {withIndicator}, sure matches right {100.0 * sureRight / sure:0.0} % of {sure}");

        foreach (var threshold in new[] { 0.5, 0.6, 0.7, 0.8, 0.9 })
        {
            var at = matches.Where(m => m.Confidence >= threshold).ToList();
            output.WriteLine($"  matches at confidence ≥ {threshold:0.0}: {at.Count}, right {100.0 * at.Count(m => m.Right) / Math.Max(1, at.Count):0.0} %");
        }
        Assert.Empty(seedMisses);
        Assert.True(recall >= 95, $"recall {recall:0.0} %");
        Assert.True(precision >= 95, $"precision {precision:0.0} %");
        Assert.True(qualifier >= 98, $"qualifier accuracy {qualifier:0.0} %");
        Assert.True(100.0 * indicatorsRight / withIndicator >= 90, $"indicator suggested right for {100.0 * indicatorsRight / withIndicator:0.0} % of the figures that state one");
        Assert.True(100.0 * sureRight / sure >= 95, $"sure suggestions right {100.0 * sureRight / sure:0.0} %");
    }
}
