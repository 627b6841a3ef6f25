using System.Globalization;
using System.Text.RegularExpressions;
using Dashboard.Data.Import;
using Xunit.Abstractions;

namespace Dashboard.Tests.Data;

/// <summary>
/// The same report read from every format an office has it in: the text itself (.md), a Word file made by LibreOffice,
/// that Word file saved as PDF by LibreOffice, and the page printed to PDF by Chromium (ImportCorpus/formats, made by its
/// make.sh from the corpus's own text). Each file must give the text's paragraphs and the text's figures (value,
/// qualifier, indicator); the parity of each is printed per document —
/// <c>dotnet test --filter FormatParity --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed partial class FormatParityTests(ITestOutputHelper output)
{
    /// <summary>What every file of every document must reach, for paragraphs and for figures alike.</summary>
    private const double Goal = 0.99;

    private static readonly string[] Formats = ["docx", "libreoffice.pdf", "chromium.pdf"];

    private static string CorpusFolder => Path.Combine(RepositoryRoot(), "Dashboard.Tests", "ImportCorpus");

    public static TheoryData<string> Documents() => DocumentsWith(".docx");

    [Fact]
    public void EveryDocumentOfTheCorpusIsThereInEveryFormat()
    {
        var documents = Directory.GetFiles(Path.Combine(CorpusFolder, "reports"), "*.md").Select(Path.GetFileNameWithoutExtension).Append("000-luoxing-2024").ToList();

        var missing = documents.SelectMany(d => Formats.Select(f => $"{d}.{f}")).Where(f => !File.Exists(Path.Combine(CorpusFolder, "formats", f))).ToList();

        Assert.True(missing.Count == 0, $"missing (run ImportCorpus/formats/make.sh): {string.Join(", ", missing)}");
    }

    /// <summary>
    /// Eight documents laid out a second, quite different way (a plain memo: ragged right, no indent, a running title
    /// in the header and 第 N 页 共 M 页 below; made by make.sh too), so that the PDF reader is not tuned to one layout.
    /// </summary>
    public static TheoryData<string> BlockDocuments() => DocumentsWith(".block.libreoffice.pdf");

    /// <summary>The documents that have a file ending in <paramref name="suffix"/> in the formats folder.</summary>
    private static TheoryData<string> DocumentsWith(string suffix)
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(CorpusFolder, "formats"), "*" + suffix).Order())
        {
            data.Add(Path.GetFileName(file)[..^suffix.Length]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public Task EveryFormatGivesTheTextsParagraphsAndFigures(string document) => CompareAsync(document, Formats);

    [Theory]
    [MemberData(nameof(BlockDocuments))]
    public Task AnotherLayoutGivesTheSameParagraphsAndFigures(string document) => CompareAsync(document, ["block.libreoffice.pdf"]);

    private async Task CompareAsync(string document, IEnumerable<string> formats)
    {
        var text = await ReadAsync(TextOf(document), document + ".md");
        var failures = new List<string>();
        foreach (var format in formats)
        {
            var file = await ReadAsync(File.ReadAllBytes(Path.Combine(CorpusFolder, "formats", $"{document}.{format}")), $"{document}.{format}");
            var paragraphs = Parity(Paragraphs(text), Paragraphs(file));
            var figures = Parity(Figures(text), Figures(file));
            output.WriteLine($"{document}.{format}: paragraphs {paragraphs.Matched}/{paragraphs.Total} ({paragraphs.Ratio:P1}), figures {figures.Matched}/{figures.Total} ({figures.Ratio:P1})");
            var strange = file.Where(c => !char.IsWhiteSpace(c) && !text.Contains(c)).Distinct().ToList();
            if (strange.Count > 0) output.WriteLine($"    characters the text does not have: {string.Join(" ", strange.Select(c => $"{c} U+{(int)c:X4}"))}");
            foreach (var missing in paragraphs.Missing.Take(5)) output.WriteLine($"    paragraph missing: {missing[..Math.Min(60, missing.Length)]}");
            foreach (var extra in paragraphs.Extra.Take(5)) output.WriteLine($"    paragraph extra:   {extra[..Math.Min(60, extra.Length)]}");
            foreach (var missing in figures.Missing) output.WriteLine($"    figure missing: {missing}");
            foreach (var extra in figures.Extra) output.WriteLine($"    figure extra:   {extra}");
            if (paragraphs.Ratio < Goal || figures.Ratio < Goal) failures.Add(format);
        }
        Assert.True(failures.Count == 0, $"{document}: below {Goal:P0} in {string.Join(", ", failures)}");
    }

    private static byte[] TextOf(string document) => File.ReadAllBytes(document == "000-luoxing-2024"
        ? Path.Combine(RepositoryRoot(), "seed-data", "reports", "luoxing-2024.md")
        : Path.Combine(CorpusFolder, "reports", document + ".md"));

    private static async Task<string> ReadAsync(byte[] bytes, string name) => (await ReportFiles.ReadAsync(new MemoryStream(bytes), name)).Markdown;

    /// <summary>The paragraphs of report Markdown, headings included, compared without their marks and spaces.</summary>
    private static List<string> Paragraphs(string markdown) =>
        [.. markdown.Split("\n\n").Select(p => Whitespace().Replace(p.TrimStart('#'), "").Replace("**", "")).Where(p => p.Length > 0)];

    private static List<string> Figures(string markdown) =>
        [.. FigureExtractor.Extract(markdown, ImportCorpusTests.Catalog)
            .Select(f => $"{f.Value.ToString(CultureInfo.InvariantCulture)} {f.Qualifier} {f.Unit} → {f.Indicator ?? "—"}")];

    private sealed record Comparison(int Matched, int Total, IReadOnlyList<string> Missing, IReadOnlyList<string> Extra)
    {
        public double Ratio => Total == 0 ? 1 : (double)Matched / Total;
    }

    /// <summary>How many of the expected items the other list has (each counted once), over the larger of the two lists.</summary>
    private static Comparison Parity(List<string> expected, List<string> actual)
    {
        var left = actual.ToList();
        var missing = new List<string>();
        foreach (var item in expected)
        {
            if (!left.Remove(item)) missing.Add(item);
        }
        var matched = expected.Count - missing.Count;
        return new Comparison(matched, Math.Max(expected.Count, actual.Count), missing, left);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Dashboard.sln"))) folder = folder.Parent;
        return folder!.FullName;
    }
}
