using System.Globalization;
using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Districts;
using Dashboard.Data.Figures;
using Dashboard.Data.Users;
using Dashboard.Web.Views;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Pages.Home;

public partial class DistrictOverview
{
    /// <summary>The district (from the address).</summary>
    [Parameter, EditorRequired]
    public required string OrganizationCode { get; set; }

    [Parameter]
    public int? Year { get; set; }

    [Inject] private CurrentSelection Selection { get; set; } = default!;

    protected override async Task<DistrictView?> LoadAsync(Actor actor) =>
        await Views.DistrictAsync(await Views.ChooseAsync(OrganizationCode, actor), actor, Year);

    protected override Task OnViewLoadedAsync()
    {
        if (View is { } view)
        {
            Selection.Show(view.District.Code, view.Year);
        }
        return Task.CompletedTask;
    }

    private void YearChanged(int year) => Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("year", year));

    private void OrganizationChanged(string code) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?> { ["org"] = code, ["year"] = null }));

    private static string CellClass(DistrictRollUp rollUp, FigureValue value) =>
        "district-cell" + rollUp.StandingOf(value.Value) switch
        {
            Standing.Better => " is-better",
            Standing.Worse => " is-worse",
            _ => "",
        } + (value.Status == FigureStatus.Provisional ? " is-provisional" : "");

    private static int FirstSeriesYear(int lastYear) => lastYear - DistrictView.SeriesYears + 1;

    // Small multiples: each line on its own scale (the shape of each street's years, not a comparison of sizes).
    private static string X(int year, int lastYear) =>
        (6 + (year - FirstSeriesYear(lastYear)) * 132.0 / (DistrictView.SeriesYears - 1)).ToString("0.#", CultureInfo.InvariantCulture);

    private static string PointText(SeriesPoint point, Indicator indicator) =>
        $"{point.Year}年 {FigureText.Format(point.Value, point.Qualifier, indicator)}" + point.Status switch
        {
            FigureStatus.Provisional => "（暂定）",
            FigureStatus.Sample => "（示例数据）",
            _ => "",
        };

    /// <summary>
    /// The line for a screen reader: every year of the window with its figure, a year without one said as such — a
    /// line that ends a year early is heard to end there.
    /// </summary>
    private static string TrendLabel(DistrictMember member, Indicator indicator, IReadOnlyList<SeriesPoint> points, int lastYear)
    {
        var first = FirstSeriesYear(lastYear);
        var years = Enumerable.Range(first, DistrictView.SeriesYears)
            .Select(year => points.FirstOrDefault(p => p.Year == year) is { } point ? PointText(point, indicator) : $"{year}年 无数据");
        return $"{member.Organization.Name} {indicator.Name}，{first}–{lastYear}年：{string.Join("，", years)}";
    }

    private static string Y(SeriesPoint point, IReadOnlyList<SeriesPoint> points)
    {
        var min = points.Min(p => p.Value);
        var max = points.Max(p => p.Value);
        var y = max == min ? 20 : 35 - (double)((point.Value - min) / (max - min)) * 30;
        return y.ToString("0.#", CultureInfo.InvariantCulture);
    }

    /// <summary>The line through consecutive years, one per run: a year without a figure is a gap, never a zero.</summary>
    private static IEnumerable<string> Polylines(IReadOnlyList<SeriesPoint> points, int lastYear)
    {
        var run = new List<SeriesPoint>();
        foreach (var point in points)
        {
            if (run.Count > 0 && point.Year != run[^1].Year + 1)
            {
                yield return string.Join(" ", run.Select(p => $"{X(p.Year, lastYear)},{Y(p, points)}"));
                run.Clear();
            }
            run.Add(point);
        }
        if (run.Count > 0) yield return string.Join(" ", run.Select(p => $"{X(p.Year, lastYear)},{Y(p, points)}"));
    }
}
