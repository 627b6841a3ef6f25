using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Districts;
using Dashboard.Data.Figures;
using Dashboard.Data.Reports;
using Dashboard.Data.Users;

namespace Dashboard.Web.Views;

/// <summary>One street or town of the district in the year: each indicator it reports with its figure and last year's.</summary>
/// <param name="Expected">Indicators it reports (all but those it left out).</param>
/// <param name="Reported">Of those, the ones with a figure for the year.</param>
/// <param name="Provisional">Of those, the ones still provisional.</param>
/// <param name="Series">Its headline indicators over the last <see cref="DistrictView.SeriesYears"/> years (a gap where there is no figure).</param>
/// <param name="HasReport">Whether it has a report for the year that the viewer may read (a published one, for visitors).</param>
/// <param name="SeesProvisional">Whether the viewer sees its provisional figures (otherwise nothing unpublished is counted).</param>
public sealed record DistrictMember(
    Organization Organization, IReadOnlyDictionary<string, YearSummaryRow> Rows, int Expected, int Reported, int Provisional,
    IReadOnlyList<SeriesPoint> Series, bool HasReport = false, bool SeesProvisional = true)
{
    public YearSummaryRow? Row(string indicatorCode) => Rows.GetValueOrDefault(indicatorCode);

    public bool HasReported => Reported > 0;

    /// <summary>Where it stands in filling in the year: missing, partial (or with provisional figures), complete.</summary>
    public string ProgressClass =>
        Reported == 0 ? "is-missing" : Reported < Expected || Provisional > 0 ? "is-partial" : "is-complete";

    // Visitors see published figures only: for them nothing shown is "not published", not "not entered" — the street may
    // well have entered its figures, and its report may be out already.
    public string ProgressText =>
        Reported == 0 ? SeesProvisional ? "未填报" : HasReport ? "报告已发布，数据未发布" : "未发布"
        : Reported < Expected ? $"缺 {Expected - Reported} 项"
        : Provisional > 0 ? "已填齐，有暂定数"
        : "已填齐";
}

/// <summary>
/// What a district's own page shows: every street and town under it side by side for the year — the
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

    /// <summary>
    /// What a missing figure is called: 未填报 for those who see every figure; for visitors, who see published ones
    /// only, 未发布 — the street may well have entered it.
    /// </summary>
    public string MissingText => Provisional ? "未填报" : "未发布";

    /// <summary>What a figure that is there is called, the same way: 填报, or for visitors 已发布 ("1/3 已发布").</summary>
    public string PresentText => Provisional ? "填报" : "已发布";

    /// <summary>How many of how many have their figure, in the viewer's words ("2/3 填报", "1/3 已发布").</summary>
    public string Counted(int present, int expected) => $"{present}/{expected} {PresentText}";

    /// <summary>How many streets and towns have figures for the year, in the viewer's words ("12/14 个街镇已填报").</summary>
    public string MembersCounted => $"{ReportingMembers}/{Members.Count} 个街镇{(Provisional ? "已填报" : "已发布")}";

    /// <summary>Members with at least one figure for the year ("12/14 个街镇已填报").</summary>
    public int ReportingMembers => Members.Count(m => m.HasReported);

    /// <summary>The members least complete first, for the district's clerk to chase (their own order on a tie).</summary>
    public IEnumerable<DistrictMember> ByProgress => Members.OrderBy(m => m.Reported * 1.0 / Math.Max(1, m.Expected));

    /// <summary>The members that report <paramref name="indicator"/> by their figure, highest first; those without one last.</summary>
    public List<(DistrictMember Member, FigureValue? Value)> Ranked(Indicator indicator) =>
        [.. Members
            .Where(m => m.Row(indicator.Code) is not null)
            .Select(m => (Member: m, Value: m.Row(indicator.Code)!.Current))
            .OrderBy(x => x.Value is null).ThenByDescending(x => x.Value?.Value)];

    /// <summary>What the district adds up to: a sum as written (569余件), a rate's weighted value or range and median, or how many said yes.</summary>
    /// <summary>The roll-up as one text, as the deck and the workbook show it: <c>约94.2%（按矛盾纠纷排查调处加权；90.3–100%）</c>.</summary>
    public static string RollUpText(DistrictRollUp rollUp)
    {
        var (value, note) = RollUpParts(rollUp);
        return note is null ? value : $"{value}（{note}）";
    }

    /// <summary>The roll-up's figure, and what it is made of where that needs saying (a rate's weighting and range).</summary>
    public static (string Value, string? Note) RollUpParts(DistrictRollUp rollUp)
    {
        var indicator = rollUp.Indicator;
        if (rollUp.Reported == 0) return ("—", null);
        return indicator.Kind switch
        {
            IndicatorKind.Flag => ($"{rollUp.Yes}/{rollUp.Reported} 个是", null),
            IndicatorKind.Rate when rollUp.Weighted is { } weighted => rollUp.Min == rollUp.Max
                ? (FigureText.Format(weighted.Value, weighted.Qualifier, indicator), null)
                : (FigureText.Format(weighted.Value, weighted.Qualifier, indicator), $"按{rollUp.WeightedBy ?? "基数"}加权；{Number(rollUp.Min!.Value)}–{Number(rollUp.Max!.Value)}%"),
            IndicatorKind.Rate => rollUp.Min == rollUp.Max
                ? (FigureText.Format(rollUp.Min!.Value, Qualifier.Exact, indicator), null)
                : ($"{Number(rollUp.Min!.Value)}–{Number(rollUp.Max!.Value)}%", $"中位数 {Number(rollUp.Median!.Value)}%"),
            _ => (FigureText.Format(rollUp.Sum!.Value, rollUp.Sum.Qualifier, indicator), null),
        };
    }

    private static string Number(decimal value) => value.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<DistrictView> LoadAsync(
        CatalogQueries catalog, FigureQueries figures, ReportQueries reports, IReadOnlyList<Organization> offered, IReadOnlyList<Organization> all,
        Organization district, Reader reader, int? requestedYear, TimeProvider clock)
    {
        var provisional = reader.SeesUnpublished(district.Id);
        var organizations = all.Where(o => o.ParentId == district.Id && !o.IsArchived).ToList();
        var years = new SortedSet<int>(Comparer<int>.Create((a, b) => b.CompareTo(a)));
        var reporting = new Dictionary<int, int>();
        foreach (var organization in organizations)
        {
            foreach (var reported in await figures.GetYearsAsync(organization.Id, reader))
            {
                years.Add(reported);
                reporting[reported] = reporting.GetValueOrDefault(reported) + 1;
            }
        }
        // Unless asked for another, the latest year at least half the streets have reported: the first street to enter
        // next year's figures does not turn everyone else's columns into 未填报 (the picker still offers that year).
        var compared = years.Where(candidate => reporting[candidate] * 2 >= organizations.Count).DefaultIfEmpty(years.FirstOrDefault()).First();
        var year = requestedYear is { } y && years.Contains(y) ? y : years.Count > 0 ? compared : YearRules.Reporting(clock);
        if (years.Count == 0) years.Add(year);

        var headline = (await catalog.GetIndicatorsAsync())
            .Where(i => i.HeadlineOrder is not null && !i.IsRetired)
            .OrderBy(i => i.HeadlineOrder).ThenBy(i => i.Id)
            .ToList();
        var codes = headline.Select(i => i.Code).ToList();
        var members = new List<DistrictMember>(organizations.Count);
        foreach (var organization in organizations)
        {
            var summary = await figures.GetYearSummaryAsync(organization.Id, year, reader);
            var series = await figures.GetSeriesAsync(organization.Id, codes, year - SeriesYears + 1, year, reader);
            var hasReport = (await reports.GetYearsAsync(organization.Id, reader)).Contains(year);
            members.Add(new DistrictMember(organization, summary.ToDictionary(r => r.Indicator.Code), summary.Count,
                summary.Count(r => r.Current is not null), summary.Count(r => r.Current?.Status == FigureStatus.Provisional), series,
                hasReport, provisional));
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
        var dataAsOf = organizations.Count == 0 ? null : await figures.GetLastSavedAsync([.. organizations.Select(o => o.Id)], year, reader);
        return new DistrictView(offered, district, [.. years], year, headline, members, rollUps, categories, dataAsOf, provisional);
    }
}
