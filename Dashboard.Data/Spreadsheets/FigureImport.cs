using System.Globalization;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Users;

namespace Dashboard.Data.Spreadsheets;

public enum ImportRowKind { New, Changed, Unchanged, Problem }

/// <summary>One row of an uploaded sheet, understood: what it would change, or what is wrong with it.</summary>
public sealed record ImportRow(
    int RowNumber, string IndicatorName, int? Year, Figure? Before, FigureSave? Save, string? AfterText, ImportRowKind Kind, IReadOnlyList<string> Problems);

/// <summary>What an upload would do: every row that states a figure, new, changed, unchanged or with a problem.</summary>
public sealed record ImportPlan(string FileName, long OrganizationId, IReadOnlyList<ImportRow> Rows, int EmptyRows)
{
    public int Count(ImportRowKind kind) => Rows.Count(r => r.Kind == kind);

    /// <summary>The whole file goes in or nothing does: only when no row has a problem and something changes.</summary>
    public bool CanCommit => Rows.All(r => r.Kind != ImportRowKind.Problem) && Rows.Any(r => r.Kind is ImportRowKind.New or ImportRowKind.Changed);
}

/// <summary>
/// Figures from an organization's spreadsheet: a preview that lists, per row, what would change and any problem in
/// Chinese — with the same rules as the grid (FigureValidator) — and then one transaction for the whole file, each
/// change in the history with the reason “导入 文件名” and the row's own reason.
/// </summary>
public sealed class FigureImport(DashboardDb db, TimeProvider clock)
{
    public async Task<ImportPlan> PreviewAsync(FigureSheets.Table table, string fileName, Organization organization, int? defaultYear, Reader reader, CancellationToken cancellationToken = default)
    {
        var catalog = new CatalogQueries(db);
        var indicators = await catalog.GetIndicatorsAsync(cancellationToken);
        var notReported = await catalog.GetNotReportedAsync(organization.Id, cancellationToken);
        var byCode = indicators.ToDictionary(i => i.Code);
        var byName = indicators.GroupBy(i => i.Name).ToDictionary(g => g.Key, g => g.First());
        foreach (var indicator in indicators)
            foreach (var alias in indicator.Aliases.Split('、', StringSplitOptions.RemoveEmptyEntries))
                byName.TryAdd(alias, indicator);

        var current = new Dictionary<(long, int), Figure>();
        foreach (var figure in await new FigureQueries(db).GetAllFiguresAsync(organization.Id, reader, cancellationToken))
        {
            current[(figure.IndicatorId, figure.Year)] = figure;
        }

        var rows = new List<ImportRow>();
        var seen = new Dictionary<(long, int), int>();
        var empty = 0;
        foreach (var (number, cells) in table.Rows)
        {
            string Text(string column) => cells.GetValueOrDefault(column) is { } value ? Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim() ?? "" : "";
            var problems = new List<string>();
            var code = Text(FigureSheets.IndicatorCode);
            var name = Text(FigureSheets.Indicator);
            var indicator = code.Length > 0 ? byCode.GetValueOrDefault(code) : byName.GetValueOrDefault(name);
            var label = indicator?.Name ?? (name.Length > 0 ? name : code);
            var rawValue = cells.GetValueOrDefault(FigureSheets.Value);
            if (rawValue is null || (rawValue is string blank && blank.Trim().Length == 0))
            {
                // A template row left empty: no figure stated, nothing to do.
                empty++;
                continue;
            }
            if (indicator is null)
            {
                rows.Add(new ImportRow(number, label, null, null, null, null, ImportRowKind.Problem, [$"指标“{label}”不在指标目录中：请用模板中的指标代码，或请管理员在指标目录中添加。"]));
                continue;
            }
            if (indicator.IsRetired) problems.Add($"“{indicator.Name}”已停用，不再录入。");
            else if (notReported.Contains(indicator.Id)) problems.Add($"本单位未选择填报“{indicator.Name}”：如需填报，请先在数据录入页勾选。");
            var organizationCode = Text(FigureSheets.OrganizationCode);
            if (organizationCode.Length > 0 && organizationCode != organization.Code)
            {
                problems.Add($"此行属于单位“{organizationCode}”，不是所选的“{organization.Name}”。");
            }

            int? year = defaultYear;
            var yearText = Text(FigureSheets.Year).TrimEnd('年', '度');
            if (yearText.Length > 0)
            {
                year = decimal.TryParse(yearText, NumberStyles.Number, CultureInfo.InvariantCulture, out var y) && y == decimal.Truncate(y) && y is >= YearRules.Earliest and <= YearRules.Latest ? (int)y : null;
                if (year is null) problems.Add($"年度“{Text(FigureSheets.Year)}”不正确。");
            }
            else if (year is null)
            {
                problems.Add("缺少年度：请填写“年度”列。");
            }

            decimal? value = null;
            Qualifier? qualifier = null;
            switch (rawValue)
            {
                case DateTime date:
                    problems.Add($"数值是日期（{date:yyyy-MM-dd}）：Excel 把这一格当成了日期，请把该列设为“常规”格式后重新输入数字。");
                    break;
                case double or float or decimal or int or long:
                    value = Convert.ToDecimal(rawValue, CultureInfo.InvariantCulture);
                    break;
                default:
                    var typed = FigureInput.Parse(Text(FigureSheets.Value), indicator);
                    if (typed is null) problems.Add($"数值“{Text(FigureSheets.Value)}”不是数字：{FigureInput.HintFor(indicator)}");
                    else (value, qualifier) = (typed.Value, typed.Qualifier);
                    break;
            }
            if (value is { } v && FigureValidator.ValueProblem(indicator, v) is { } valueProblem) problems.Add(valueProblem);
            var approximation = Text(FigureSheets.Approximation);
            if (CodeWords.QualifierOf(approximation) is { } stated)
            {
                qualifier ??= stated;
            }
            else
            {
                problems.Add($"约数“{approximation}”不正确：可填 余、以上、约、近，确数留空。");
            }

            var key = (indicator.Id, year ?? 0);
            var before = year is { } known ? current.GetValueOrDefault((indicator.Id, known)) : null;
            var statusText = Text(FigureSheets.Status);
            var status = statusText.Length == 0 ? before?.Status is FigureStatus.Published ? FigureStatus.Published : FigureStatus.Provisional : CodeWords.StatusOf(statusText);
            if (status is null) problems.Add($"状态“{statusText}”不正确：可填 已发布、暂定。");
            else if (status == FigureStatus.Sample) problems.Add("不能导入示例数据：状态请填“已发布”或“暂定”。");
            if (year is not null && seen.TryGetValue(key, out var first)) problems.Add($"与第 {first} 行是同一指标、同一年度。");
            else if (year is not null) seen[key] = number;

            var reason = Text(FigureSheets.Reason);
            var save = value is null || status is null ? null : new FigureSave
            {
                OrganizationId = organization.Id, IndicatorId = indicator.Id, Year = year ?? 0, Value = value.Value, Qualifier = qualifier ?? Qualifier.Exact,
                Status = status.Value,
                SourceText = cells.ContainsKey(FigureSheets.Source) ? Text(FigureSheets.Source) : before?.SourceText ?? "",
                Note = cells.ContainsKey(FigureSheets.Note) ? Text(FigureSheets.Note) : before?.Note ?? "",
                ExpectedVersion = before?.Version, Reason = reason,
            };
            var changed = save is not null && (before is null || before.Value != save.Value || before.Qualifier != save.Qualifier || before.Status != save.Status
                                              || before.SourceText != save.SourceText || before.Note != save.Note);
            if (changed && before?.Status == FigureStatus.Published && reason.Length == 0)
            {
                problems.Add("修改已发布的数据须在“修改原因”列写明原因。");
            }
            var after = save is null ? null : FigureText.Format(save.Value, save.Qualifier, indicator);
            var kind = problems.Count > 0 ? ImportRowKind.Problem : before is null ? ImportRowKind.New : changed ? ImportRowKind.Changed : ImportRowKind.Unchanged;
            rows.Add(new ImportRow(number, indicator.Name, year, before, save, after, kind, problems));
        }

        // The grid's own rules, on the rows that would be saved (rate over 100, parts over their total, lengths …).
        var pending = rows.Where(r => r.Kind is ImportRowKind.New or ImportRowKind.Changed).ToList();
        if (pending.Count > 0)
        {
            await using var connection = await db.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginWriteAsync(cancellationToken);
            var found = await FigureValidator.CheckAsync(transaction, pending.Select(r => r.Save!).ToList(), cancellationToken);
            foreach (var group in found.GroupBy(p => p.Index))
            {
                var row = pending[group.Key];
                rows[rows.IndexOf(row)] = row with { Kind = ImportRowKind.Problem, Problems = [.. row.Problems, .. group.Select(p => p.Message)] };
            }
        }
        return new ImportPlan(fileName, organization.Id, rows, empty);
    }

    /// <summary>
    /// Saves every new and changed figure of the plan in one transaction — or nothing, if any row has a problem or a
    /// figure changed since the preview (the conflicts say which).
    /// </summary>
    public async Task<SaveResult> CommitAsync(ImportPlan plan, Actor actor, CancellationToken cancellationToken = default)
    {
        if (!plan.CanCommit)
        {
            throw new InvalidOperationException("文件中有问题的行，未导入任何数据。");
        }
        var file = Path.GetFileName(plan.FileName);
        var saves = plan.Rows
            .Where(r => r.Kind is ImportRowKind.New or ImportRowKind.Changed)
            .Select(r => r.Save! with { Reason = r.Save!.Reason.Length > 0 ? $"导入 {file}：{r.Save.Reason}" : $"导入 {file}" })
            .ToList();
        return await new FigureCommands(db, clock).SaveBatchAsync(saves, actor, cancellationToken);
    }
}
