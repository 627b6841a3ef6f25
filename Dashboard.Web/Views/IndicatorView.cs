using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Reports;
using Dashboard.Data.Users;

namespace Dashboard.Web.Views;

/// <summary>One figure of the indicator page's table, with the sentence of the report it comes from (when that report is shown).</summary>
public sealed record IndicatorRow(Figure Figure, string? Sentence);

/// <summary>One indicator of one organization over every year there is: its chart with its breakdowns, and each year's figure.</summary>
public sealed record IndicatorView(
    Organization Organization, Indicator Indicator, string CategoryName, Indicator? Parent,
    IReadOnlyList<Indicator> Breakdowns, ChartModel? Chart, IReadOnlyList<IndicatorRow> Rows)
{
    public static async Task<IndicatorView?> LoadAsync(
        CatalogQueries catalog, FigureQueries figures, ReportQueries reports, Organization organization, Reader reader, string code)
    {
        var provisional = reader.SeesUnpublished(organization.Id);
        var indicators = await catalog.GetIndicatorsAsync();
        var indicator = indicators.FirstOrDefault(i => i.Code == code);
        if (indicator is null)
        {
            return null;
        }

        var breakdowns = indicators.Where(i => i.ParentId == indicator.Id).ToList();
        var members = breakdowns.Prepend(indicator).ToList();
        var points = await figures.GetSeriesAsync(organization.Id, members.Select(m => m.Code).ToList(), YearRules.Earliest, YearRules.Latest, reader);
        // This page draws the indicator alone, with its breakdowns, over every year there is.
        var alone = members.Select(m => m with { Chart = m.Id == indicator.Id ? indicator.Code : null }).ToList();
        var chart = points.Count == 0 ? null : ChartModel.Build(alone, points, points.Max(p => p.Year)).SingleOrDefault();

        // Visitors read the reports' sentences with the personal names in them masked — also a figure's words whose
        // report is still a draft: the drafts are read here (by the app) only for the names to mask; their text is not shown.
        var allReports = (await reports.GetReportsAsync(organization.Id, Reader.System("姓名遮蔽"))).ToDictionary(r => r.Year);
        Report? Shown(int year) => allReports.TryGetValue(year, out var report) && (provisional || report.Published is not null)
            ? provisional ? report : PersonalNames.MaskedForVisitors(report)
            : null;
        string Words(Figure figure) => provisional || !allReports.TryGetValue(figure.Year, out var report)
            ? figure.SourceText
            : PersonalNames.Mask(figure.SourceText, report.PersonalNames);
        var rows = (await figures.GetIndicatorFiguresAsync(organization.Id, indicator.Id, reader))
            .Select(f => f with { SourceText = Words(f) })
            .Select(f => new IndicatorRow(f, Shown(f.Year) is { } report ? ReportSentences.Around(report.Body, f.SourceText) : null))
            .ToList();

        var categoryName = (await catalog.GetCategoriesAsync()).First(c => c.Code == indicator.CategoryCode).Name;
        var parent = indicators.FirstOrDefault(i => i.Id == indicator.ParentId);
        return new IndicatorView(organization, indicator, categoryName, parent, breakdowns, chart, rows);
    }

    /// <summary>Value equality over the rows (a record's list compares by reference).</summary>
    public bool ShowsTheSameAs(IndicatorView? other) =>
        other is not null && Organization == other.Organization && Indicator == other.Indicator && CategoryName == other.CategoryName
        && Parent == other.Parent && Breakdowns.SequenceEqual(other.Breakdowns) && Rows.SequenceEqual(other.Rows)
        && (Chart is null ? other.Chart is null : other.Chart is not null && ChartOptions.Json(Chart) == ChartOptions.Json(other.Chart));
}
