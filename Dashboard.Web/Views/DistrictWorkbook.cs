using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using MiniExcelLibs;

namespace Dashboard.Web.Views;

/// <summary>
/// A district's page as an Excel workbook, one sheet per section (核心指标, 填报进度, 排名, 近五年): what the page shows,
/// with numbers as numbers (a value, a rank, a year — to sort and sum) beside how the report writes the figure (524余场)
/// and its status in their own columns, as the per-organization export has them.
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

    private static string ValueColumn(Indicator indicator) => indicator.Unit.Length > 0 ? $"{indicator.Name}（{indicator.Unit}）" : indicator.Name;

    private static List<Dictionary<string, object?>> Headline(DistrictView view)
    {
        var rows = new List<Dictionary<string, object?>>();
        foreach (var member in view.Members)
        {
            var row = new Dictionary<string, object?> { ["单位"] = member.Organization.Name };
            foreach (var indicator in view.Indicators)
            {
                var figure = member.Row(indicator.Code);
                var current = figure?.Current;
                row[ValueColumn(indicator)] = current?.Value;
                row[$"{indicator.Name} 写法"] = current is null ? "" : FigureText.Format(current.Value, current.Qualifier, indicator);
                row[$"{indicator.Name} 状态"] = figure is null ? "不统计" : current is null ? view.MissingText : CodeWords.Of(current.Status);
                row[$"{indicator.Name} 较上年"] = current is null ? ""
                    : FigureText.FormatChange(figure!.Change, indicator) ?? FigureText.NotComparableReason(figure.Change.Comparability);
            }
            rows.Add(row);
        }
        var total = new Dictionary<string, object?> { ["单位"] = "全区" };
        foreach (var indicator in view.Indicators)
        {
            var rollUp = view.RollUps[indicator.Code];
            total[ValueColumn(indicator)] = rollUp.Sum?.Value ?? rollUp.Weighted?.Value ?? (indicator.Kind == IndicatorKind.Flag ? rollUp.Yes : null);
            total[$"{indicator.Name} 写法"] = DistrictView.RollUpText(rollUp);
            total[$"{indicator.Name} 状态"] = rollUp.Reported == 0 ? view.MissingText : rollUp.Provisional ? "含暂定" : CodeWords.Of(FigureStatus.Published);
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
                    ["名次"] = value is null ? null : ++rank,
                    ["单位"] = member.Organization.Name,
                    ["数值"] = value?.Value,
                    ["计量单位"] = indicator.Unit,
                    ["写法"] = value is null ? "" : FigureText.Format(value.Value, value.Qualifier, indicator),
                    ["状态"] = value is null ? view.MissingText : CodeWords.Of(value.Status),
                });
            }
        }
        return rows.Count > 0 ? rows : [new Dictionary<string, object?> { ["指标"] = "" }];
    }

    /// <summary>One row per organization, indicator and year (a gap is a year without a row).</summary>
    private static List<Dictionary<string, object?>> Trends(DistrictView view)
    {
        var rows = new List<Dictionary<string, object?>>();
        foreach (var indicator in view.Indicators)
        {
            foreach (var member in view.Members)
            {
                foreach (var point in member.Series.Where(p => p.IndicatorCode == indicator.Code).OrderBy(p => p.Year))
                {
                    rows.Add(new Dictionary<string, object?>
                    {
                        ["指标"] = indicator.Name,
                        ["单位"] = member.Organization.Name,
                        ["年度"] = point.Year,
                        ["数值"] = point.Value,
                        ["计量单位"] = indicator.Unit,
                        ["写法"] = FigureText.Format(point.Value, point.Qualifier, indicator),
                        ["状态"] = CodeWords.Of(point.Status),
                    });
                }
            }
        }
        return rows.Count > 0 ? rows : [new Dictionary<string, object?> { ["指标"] = "" }];
    }
}
