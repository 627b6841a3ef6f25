using Dashboard.Data;
using Dashboard.Data.Figures;
using MiniExcelLibs;

namespace Dashboard.Web.Views;

/// <summary>
/// A district's page as an Excel workbook, one sheet per section (核心指标, 填报进度, 排名, 近五年): what the page shows,
/// figures as the reports write them, provisional ones said to be so.
/// </summary>
public static class DistrictWorkbook
{
    public static async Task WriteAsync(Stream stream, DistrictView view, CancellationToken cancellationToken = default)
    {
        var workbook = new Dictionary<string, object>
        {
            ["核心指标"] = Headline(view),
            ["填报进度"] = Progress(view),
            ["排名"] = Ranks(view),
            ["近五年"] = Trends(view),
        };
        await MiniExcel.SaveAsAsync(stream, workbook, excelType: ExcelType.XLSX, cancellationToken: cancellationToken);
    }

    private static string Written(FigureValue value, Dashboard.Data.Catalog.Indicator indicator) =>
        FigureText.Format(value.Value, value.Qualifier, indicator) + (value.Status == FigureStatus.Provisional ? "（暂定）" : "");

    private static List<Dictionary<string, object?>> Headline(DistrictView view)
    {
        var rows = new List<Dictionary<string, object?>>();
        foreach (var member in view.Members)
        {
            var row = new Dictionary<string, object?> { ["单位"] = member.Organization.Name };
            foreach (var indicator in view.Indicators)
            {
                var figure = member.Row(indicator.Code);
                row[$"{indicator.Name}"] = figure is null ? "不统计" : figure.Current is { } current ? Written(current, indicator) : view.MissingText;
                row[$"{indicator.Name} 较上年"] = figure is null || figure.Current is null ? ""
                    : FigureText.FormatChange(figure.Change, indicator) ?? FigureText.NotComparableReason(figure.Change.Comparability);
            }
            rows.Add(row);
        }
        var total = new Dictionary<string, object?> { ["单位"] = "全区" };
        foreach (var indicator in view.Indicators)
        {
            var rollUp = view.RollUps[indicator.Code];
            total[indicator.Name] = DistrictView.RollUpText(rollUp) + (rollUp.Provisional ? "（含暂定）" : "");
            total[$"{indicator.Name} 较上年"] = view.Counted(rollUp.Reported, rollUp.Expected);
        }
        rows.Add(total);
        return rows;
    }

    private static List<Dictionary<string, object?>> Progress(DistrictView view) =>
    [
        .. view.Members.Select(m => new Dictionary<string, object?>
        {
            ["单位"] = m.Organization.Name,
            ["已填报（项）"] = m.Reported,
            ["应填报（项）"] = m.Expected,
            ["暂定（项）"] = m.Provisional,
            ["状态"] = m.ProgressText,
        }),
    ];

    private static List<Dictionary<string, object?>> Ranks(DistrictView view)
    {
        var rows = new List<Dictionary<string, object?>>();
        foreach (var indicator in view.Indicators.Where(i => i.Kind != IndicatorKind.Flag))
        {
            var rank = 0;
            foreach (var (member, value) in view.Ranked(indicator))
            {
                rows.Add(new Dictionary<string, object?>
                {
                    ["指标"] = indicator.Name,
                    ["名次"] = value is null ? "" : (++rank).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["单位"] = member.Organization.Name,
                    ["数值"] = value is null ? view.MissingText : Written(value, indicator),
                });
            }
        }
        return rows.Count > 0 ? rows : [new Dictionary<string, object?> { ["指标"] = "" }];
    }

    private static List<Dictionary<string, object?>> Trends(DistrictView view)
    {
        var years = Enumerable.Range(view.Year - DistrictView.SeriesYears + 1, DistrictView.SeriesYears).ToList();
        var rows = new List<Dictionary<string, object?>>();
        foreach (var indicator in view.Indicators)
        {
            foreach (var member in view.Members)
            {
                var row = new Dictionary<string, object?> { ["指标"] = indicator.Name, ["单位"] = member.Organization.Name };
                foreach (var year in years)
                {
                    var point = member.Series.FirstOrDefault(p => p.IndicatorCode == indicator.Code && p.Year == year);
                    row[$"{year}年"] = point is null ? "" : Written(new FigureValue { Value = point.Value, Qualifier = point.Qualifier, Status = point.Status }, indicator);
                }
                rows.Add(row);
            }
        }
        return rows.Count > 0 ? rows : [new Dictionary<string, object?> { ["指标"] = "" }];
    }
}
