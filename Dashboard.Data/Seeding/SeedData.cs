using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Dashboard.Data.Catalog;

namespace Dashboard.Data.Seeding;

/// <summary>
/// The contents of a seed-data folder: the catalog, the reports and their figures, read from the CSV files
/// staff can open in a spreadsheet (see seed-data/README.md). Loading checks every cross-reference and
/// names the file and line of anything wrong.
/// </summary>
public sealed record SeedData(
    IReadOnlyList<SeedOrganization> Organizations,
    IReadOnlyList<SeedCategory> Categories,
    IReadOnlyList<IndicatorSave> Indicators,
    IReadOnlyList<SeedReport> Reports,
    IReadOnlyList<SeedFigure> Figures)
{
    public static SeedData Load(string folder)
    {
        var organizations = Read<SeedOrganization>(folder, "organizations.csv");
        var categories = Read<SeedCategory>(folder, "categories.csv");
        var indicators = Read<IndicatorSave>(folder, "indicators.csv", new IndicatorColumns());
        var reports = Read<SeedReport>(folder, "reports.csv")
            .Select(r => r with { Body = ReadReportBody(folder, r) })
            .ToList();
        var figures = Read<SeedFigure>(folder, "figures.csv");

        var data = new SeedData(organizations, categories, indicators, reports, figures);
        data.Validate();
        return data;
    }

    /// <summary>
    /// The sample history in <c>sample/figures.csv</c>: demonstration figures for earlier years, every one with
    /// status Sample, for indicators and organizations of this seed's catalog.
    /// </summary>
    public IReadOnlyList<SeedFigure> LoadSample(string folder)
    {
        var figures = Read<SeedFigure>(Path.Combine(folder, "sample"), "figures.csv");
        var indicators = Indicators.Select(i => i.Code).ToHashSet();
        var organizations = Organizations.Select(o => o.Code).ToHashSet();
        var errors = figures
            .Where(f => f.Status != FigureStatus.Sample || !indicators.Contains(f.Indicator) || !organizations.Contains(f.Organization))
            .Select(f => $"sample/figures.csv：{f.Organization} {f.Year} {f.Indicator}：示例数据必须标为 Sample，且单位和指标必须在目录中")
            .ToList();
        if (errors.Count > 0)
            throw new SeedDataException(string.Join(Environment.NewLine, errors));
        return figures;
    }

    private void Validate()
    {
        var errors = new List<string>();
        void Unique<T>(string file, IEnumerable<T> rows, Func<T, object> key)
        {
            foreach (var group in rows.GroupBy(key).Where(g => g.Count() > 1))
                errors.Add($"{file}：重复的记录 {group.Key}");
        }

        Unique("organizations.csv", Organizations, o => o.Code);
        Unique("categories.csv", Categories, c => c.Code);
        Unique("indicators.csv", Indicators, i => i.Code);
        Unique("reports.csv", Reports, r => (r.Organization, r.Year));
        Unique("figures.csv", Figures, f => (f.Organization, f.Indicator, f.Year));

        var organizationCodes = Organizations.Select(o => o.Code).ToHashSet();
        var categoryCodes = Categories.Select(c => c.Code).ToHashSet();
        var indicatorsByCode = Indicators.DistinctBy(i => i.Code).ToDictionary(i => i.Code);
        var reportKeys = Reports.Select(r => (r.Organization, r.Year)).ToHashSet();

        foreach (var indicator in Indicators)
        {
            if (!categoryCodes.Contains(indicator.CategoryCode))
                errors.Add($"indicators.csv：指标 {indicator.Code} 的分类 {indicator.CategoryCode} 不在 categories.csv 中");
            if (indicator.DisplayOrder is null)
                errors.Add($"indicators.csv：指标 {indicator.Code} 缺少 display_order");
            if (indicator.ParentCode is { Length: > 0 } parent && (!indicatorsByCode.ContainsKey(parent) || parent == indicator.Code))
                errors.Add($"indicators.csv：指标 {indicator.Code} 的上级指标 {parent} 不存在");
        }
        foreach (var report in Reports)
        {
            if (!organizationCodes.Contains(report.Organization))
                errors.Add($"reports.csv：未知的单位 {report.Organization}");
        }
        foreach (var figure in Figures)
        {
            var where = $"figures.csv：{figure.Organization} {figure.Year} {figure.Indicator}";
            if (!organizationCodes.Contains(figure.Organization)) errors.Add($"{where}：未知的单位");
            if (!indicatorsByCode.ContainsKey(figure.Indicator)) errors.Add($"{where}：未知的指标");
            if (!reportKeys.Contains((figure.Organization, figure.Year))) errors.Add($"{where}：reports.csv 中没有该单位该年度的报告");
            if (figure.Value < 0) errors.Add($"{where}：数值不能为负");
            if (figure.SourceText.Length > 0 && Reports.FirstOrDefault(r => (r.Organization, r.Year) == (figure.Organization, figure.Year)) is { } report
                && !report.Body.Contains(figure.SourceText, StringComparison.Ordinal))
                errors.Add($"{where}：原文“{figure.SourceText}”在报告正文中找不到");
        }

        if (errors.Count > 0)
            throw new SeedDataException(string.Join(Environment.NewLine, errors));
    }

    /// <summary>
    /// The catalog's columns are the catalog's own record (<see cref="IndicatorSave"/>, what an administrator saves):
    /// one shape for an indicator however it arrives. Three columns are named for what they hold.
    /// </summary>
    private sealed class IndicatorColumns : ClassMap<IndicatorSave>
    {
        public IndicatorColumns()
        {
            AutoMap(CultureInfo.InvariantCulture);
            Map(i => i.CategoryCode).Name("category");
            Map(i => i.ParentCode).Name("parent");
            Map(i => i.RateOfCode).Name("rate_of");
            Map(i => i.ExpectedVersion).Ignore();
        }
    }

    private static List<T> Read<T>(string folder, string file, ClassMap<T>? columns = null)
    {
        var path = Path.Combine(folder, file);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            // Headers are snake_case (name_en), properties PascalCase (NameEn).
            PrepareHeaderForMatch = args => args.Header.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant(),
            TrimOptions = TrimOptions.None,
        };
        try
        {
            using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
            using var csv = new CsvReader(reader, configuration);
            if (columns is not null) csv.Context.RegisterClassMap(columns);
            return csv.GetRecords<T>().ToList();
        }
        catch (FileNotFoundException)
        {
            throw new SeedDataException($"缺少种子数据文件 {path}");
        }
        catch (CsvHelperException e)
        {
            var line = e.Context?.Parser?.RawRow;
            throw new SeedDataException($"{path} 第 {line} 行无法读取：{e.Message.Split('\n')[0]}", e);
        }
    }

    private static string ReadReportBody(string folder, SeedReport report)
    {
        var path = Path.Combine(folder, report.File);
        if (!File.Exists(path))
            throw new SeedDataException($"reports.csv：{report.Organization} {report.Year} 的报告正文文件 {path} 不存在");
        return File.ReadAllText(path).ReplaceLineEndings("\n");
    }
}

public sealed record SeedOrganization
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required string Kind { get; init; }
}

public sealed record SeedCategory
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required string NameEn { get; init; }
    public int DisplayOrder { get; init; }
}

public sealed record SeedReport
{
    public required string Organization { get; init; }
    public int Year { get; init; }
    public required string Title { get; init; }
    public string? Published { get; init; }
    /// <summary>The Markdown file, relative to the seed folder.</summary>
    public required string File { get; init; }
    /// <summary>Personal names in the text (masked on the presentation screen), separated by 、.</summary>
    [CsvHelper.Configuration.Attributes.Optional]
    public string PersonalNames { get; init; } = "";
    [CsvHelper.Configuration.Attributes.Ignore]
    public string Body { get; init; } = "";
}

public sealed record SeedFigure
{
    public required string Organization { get; init; }
    public int Year { get; init; }
    public required string Indicator { get; init; }
    public decimal Value { get; init; }
    public Qualifier Qualifier { get; init; }
    public FigureStatus Status { get; init; }
    /// <summary>The exact words of the report the figure came from; must occur in the report's text.</summary>
    public required string SourceText { get; init; }
    public required string Note { get; init; }
}

/// <summary>The seed-data folder is incomplete or inconsistent; the message says where.</summary>
public sealed class SeedDataException(string message, Exception? inner = null) : Exception(message, inner);
