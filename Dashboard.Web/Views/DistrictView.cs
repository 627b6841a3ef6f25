using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Districts;
using Dashboard.Data.Figures;

namespace Dashboard.Web.Views;

/// <summary>One street or town of the district in the year: each indicator it reports with its figure and last year's.</summary>
/// <param name="Expected">Indicators it reports (all but those it left out).</param>
/// <param name="Reported">Of those, the ones with a figure for the year.</param>
/// <param name="Provisional">Of those, the ones still provisional.</param>
/// <param name="Series">Its headline indicators over the last <see cref="DistrictView.SeriesYears"/> years (a gap where there is no figure).</param>
public sealed record DistrictMember(
    Organization Organization, IReadOnlyDictionary<string, YearSummaryRow> Rows, int Expected, int Reported, int Provisional,
    IReadOnlyList<SeriesPoint> Series)
{
    public YearSummaryRow? Row(string indicatorCode) => Rows.GetValueOrDefault(indicatorCode);

    public bool HasReported => Reported > 0;
}

/// <summary>
/// What a district's own page shows (issue 15): every street and town under it side by side for the year — the
/// headline indicators with their roll-ups (<see cref="DistrictRollUp"/>), and how complete each one's figures are.
/// </summary>
public sealed record DistrictView(
    IReadOnlyList<Organization> Organizations,
    Organization District,
    IReadOnlyList<int> Years,
    int Year,
    IReadOnlyList<Indicator> Indicators,
    IReadOnlyList<DistrictMember> Members,
    IReadOnlyDictionary<string, DistrictRollUp> RollUps,
    IReadOnlyDictionary<string, string> CategoryNames,
    DateTimeOffset? DataAsOf,
    bool Provisional)
{
    public const int SeriesYears = 5;

    /// <summary>Members with at least one figure for the year ("12/14 个街镇已填报").</summary>
    public int ReportingMembers => Members.Count(m => m.HasReported);

    public static async Task<DistrictView> LoadAsync(
        CatalogQueries catalog, FigureQueries figures, IReadOnlyList<Organization> offered, IReadOnlyList<Organization> all,
        Organization district, bool provisional, int? requestedYear)
    {
        var organizations = all.Where(o => o.ParentId == district.Id && !o.IsArchived).ToList();
        var years = new SortedSet<int>(Comparer<int>.Create((a, b) => b.CompareTo(a)));
        foreach (var organization in organizations)
        {
            years.UnionWith(await figures.GetYearsAsync(organization.Id, provisional));
        }
        var year = requestedYear is { } y && years.Contains(y) ? y : years.Count > 0 ? years.First() : DateTime.Today.Year - 1;
        if (years.Count == 0) years.Add(year);

        var headline = (await catalog.GetIndicatorsAsync())
            .Where(i => i.HeadlineOrder is not null && !i.IsRetired)
            .OrderBy(i => i.HeadlineOrder).ThenBy(i => i.Id)
            .ToList();
        var codes = headline.Select(i => i.Code).ToList();
        var members = new List<DistrictMember>(organizations.Count);
        foreach (var organization in organizations)
        {
            var summary = await figures.GetYearSummaryAsync(organization.Id, year, provisional);
            var series = await figures.GetSeriesAsync(organization.Id, codes, year - SeriesYears + 1, year, provisional);
            members.Add(new DistrictMember(organization, summary.ToDictionary(r => r.Indicator.Code), summary.Count,
                summary.Count(r => r.Current is not null), summary.Count(r => r.Current?.Status == FigureStatus.Provisional), series));
        }
        var rollUps = headline.ToDictionary(i => i.Code, i =>
        {
            var reporting = members.Where(m => m.Row(i.Code)?.Current is not null).ToList();
            return DistrictRollUp.Of(i, members.Count(m => m.Rows.ContainsKey(i.Code)),
                [.. reporting.Select(m => m.Row(i.Code)!.Current!)],
                i.RateOfCode is { } of ? [.. reporting.Select(m => m.Row(of)?.Current)] : null,
                i.RateOfCode is { } code ? members.Select(m => m.Row(code)?.Indicator.Name).FirstOrDefault(n => n is not null) : null);
        });
        var categories = (await catalog.GetCategoriesAsync()).ToDictionary(c => c.Code, c => c.Name);
        var dataAsOf = organizations.Count == 0 ? null : await figures.GetLastSavedAsync([.. organizations.Select(o => o.Id)], year, provisional);
        return new DistrictView(offered, district, [.. years], year, headline, members, rollUps, categories, dataAsOf, provisional);
    }
}
