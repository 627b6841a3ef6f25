using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Reports;
using Dashboard.Data.Targets;
using Dashboard.Data.Users;

namespace Dashboard.Web.Views;

/// <summary>
/// Everything the dashboard (and the presentation deck) shows for one organization and year. Immutable: open pages
/// share it.
/// </summary>
public sealed record DashboardView(
    IReadOnlyList<Organization> Organizations,
    Organization Organization,
    IReadOnlyList<int> Years,
    int Year,
    Report? Report,
    IReadOnlyList<YearSummaryRow> Summary,
    IReadOnlyList<KpiTileModel> Tiles,
    IReadOnlyDictionary<string, Target> Targets,
    IReadOnlyList<Category> Categories,
    IReadOnlyList<ChartModel> Charts,
    IReadOnlyList<NarrativeFigure> Marked,
    NarrativeDocument? Narrative,
    DateTimeOffset? DataAsOf,
    bool HasSample)
{
    /// <summary>How many years back the charts reach.</summary>
    public const int ChartYears = 10;

    public IReadOnlyDictionary<string, string> CategoryNames { get; } = Categories.ToDictionary(c => c.Code, c => c.Name);

    /// <summary>The indicators whose figure of the year differs between two views of the same year (none across years).</summary>
    public static HashSet<string> ChangedIndicators(DashboardView? before, DashboardView? after)
    {
        if (before is null || after is null || before.Year != after.Year)
        {
            return [];
        }
        var old = before.Summary.ToDictionary(r => r.Indicator.Code, r => r.Current);
        return after.Summary.Where(r => !Equals(old.GetValueOrDefault(r.Indicator.Code), r.Current)).Select(r => r.Indicator.Code).ToHashSet();
    }

    /// <summary>
    /// Whether another view shows exactly what this one shows. A change the screen cannot see — a provisional figure
    /// saved, for a visitor — must not make it say 更新于 (that alone would tell a visitor something changed).
    /// </summary>
    public bool ShowsTheSameAs(DashboardView? other) =>
        other is not null && Year == other.Year && HasSample == other.HasSample && Report == other.Report
        && Years.SequenceEqual(other.Years) && Organizations.SequenceEqual(other.Organizations) && Summary.SequenceEqual(other.Summary)
        && Targets.Count == other.Targets.Count && Targets.All(t => other.Targets.TryGetValue(t.Key, out var target) && target == t.Value)
        && Charts.Select(c => ChartOptions.Json(c)).SequenceEqual(other.Charts.Select(c => ChartOptions.Json(c)));

    /// <summary>
    /// The year's report is published but none of its figures is (yet) for this viewer: the report is public by law and
    /// shows; its figures come when they are published.
    /// </summary>
    public bool FiguresAwaitPublication => Report is { Published: not null } && Summary.All(r => r.Current is null);

    /// <summary>Whether any figure of the year has one of the year before: without, every tile would say 上年无数据.</summary>
    public bool HasPreviousYear => Summary.Any(r => r.Current is not null && r.Previous is not null);

    /// <param name="organizations">What the organization picker offers.</param>
    /// <param name="reader">
    /// Who the view is for: those who see this organization's provisional figures and draft reports (its own users, and
    /// the district's), or <see cref="Reader.Visitor"/> — for whom they do not exist, not in the HTML, not in a chart.
    /// </param>
    public static async Task<DashboardView> LoadAsync(
        CatalogQueries catalog, FigureQueries figures, ReportQueries reports, TargetQueries targetQueries,
        ReportDocuments documents, IReadOnlyList<Organization> organizations, Organization organization, Reader reader, int? requestedYear,
        TimeProvider clock)
    {
        var provisional = reader.SeesUnpublished(organization.Id);
        // A year is there to see if it has figures to show or a report: a published report is public whatever its
        // figures' status (visitors read it while its figures are still provisional).
        var years = (await figures.GetYearsAsync(organization.Id, reader))
            .Union(await reports.GetYearsAsync(organization.Id, reader))
            .OrderDescending().ToList();
        // An organization without figures yet opens on last year (the one its next report covers), and the picker shows it.
        var year = requestedYear is { } y && years.Contains(y) ? y : YearRules.Default(years, clock);
        if (years.Count == 0) years = [year];

        var summary = await figures.GetYearSummaryAsync(organization.Id, year, reader);
        var indicators = summary.Select(r => r.Indicator).ToList();

        var charted = indicators.Where(i => i.Chart is not null || indicators.Any(p => p.Id == i.ParentId && p.Chart is not null)).Select(i => i.Code).ToList();
        var points = await figures.GetSeriesAsync(organization.Id, charted, year - ChartYears + 1, year, reader);
        var targets = (await targetQueries.GetTargetsAsync(organization.Id, year, year, reader)).ToDictionary(t => t.IndicatorCode);
        var hasPreviousYear = summary.Any(r => r.Current is not null && r.Previous is not null);
        var tiles = summary.Where(r => r.Indicator.HeadlineOrder is not null).OrderBy(r => r.Indicator.HeadlineOrder)
            .Select(r => new KpiTileModel(r, targets.GetValueOrDefault(r.Indicator.Code), hasPreviousYear))
            .ToList();
        var categories = await catalog.GetCategoriesAsync();
        var categoryNames = categories.ToDictionary(c => c.Code, c => c.Name);
        var charts = ChartModel.Build(indicators, points, year)
            .Select(chart => targets.TryGetValue(chart.MainIndicatorCode, out var target)
                ? chart with { Target = new ReferenceLine(target.Value, $"{year}年目标 {TargetRules.Symbol(target.Comparator)}{FigureText.Format(target.Value, Qualifier.Exact, chart.Unit)}") }
                : chart)
            .Select(chart => chart with
            {
                CategoryName = categoryNames.GetValueOrDefault(chart.CategoryCode),
                DetailsHref = PageLinks.Indicator(chart.MainIndicatorCode, organization.Code, year),
            })
            .ToList();

        var report = await reports.GetReportAsync(organization.Id, year, reader);
        var yearFigures = await figures.GetFiguresAsync(organization.Id, year, reader);
        // Visitors read the report with the personal names it contains masked — its text and each figure's words.
        if (!provisional && report is { PersonalNames.Length: > 0 } written)
        {
            report = PersonalNames.MaskedForVisitors(written);
            yearFigures = [.. yearFigures.Select(f => f with { SourceText = PersonalNames.Mask(f.SourceText, written.PersonalNames) })];
        }
        var byCode = indicators.ToDictionary(i => i.Code);
        var marked = report is null ? [] : yearFigures
            .Where(f => f.SourceText.Length > 0)
            .Select(f => NarrativeFigure.From(f, byCode[f.IndicatorCode]))
            .ToList();
        var narrative = report is null ? null : documents.Parse(report.Body, marked);
        // The data is as of its last change: a figure saved, or the report text.
        var dataAsOf = yearFigures.Select(f => (DateTimeOffset?)f.UpdatedAt).Append(report?.UpdatedAt).Max();

        var hasSample = tiles.Any(t => t.Row.Current?.Status == FigureStatus.Sample || t.Row.Previous?.Status == FigureStatus.Sample)
                        || charts.Any(c => c.HasSample);
        return new DashboardView(organizations, organization, years, year, report, summary, tiles, targets, categories, charts, marked, narrative, dataAsOf, hasSample);
    }
}
