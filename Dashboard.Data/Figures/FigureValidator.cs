using System.Data.Common;
using Dapper;
using Dashboard.Data.Catalog;
using Dashboard.Data.Years;

namespace Dashboard.Data.Figures;

/// <summary>A reason a figure cannot be saved as it is, in the words the form shows next to it.</summary>
public sealed record FigureProblem(int Index, long IndicatorId, string Message);

/// <summary>
/// The rules every save obeys, whatever sent it: whole non-negative counts, rates from 0 to 100 with at most two
/// decimals, yes/no as 1 or 0, a reason for changing a published figure, a reason when parts exceed their total,
/// sensible text lengths, and ids that exist.
/// </summary>
public static class FigureValidator
{
    public const int MaxNoteLength = 500;
    public const int MaxSourceTextLength = 1000;
    public const int MaxReasonLength = 500;
    public const decimal MaxCount = 100_000_000;

    internal static async Task<IReadOnlyList<FigureProblem>> CheckAsync(DbTransaction transaction, IReadOnlyList<FigureSave> saves, CancellationToken cancellationToken)
    {
        var connection = transaction.Connection!;
        const string indicatorsSql = $"""
            SELECT {CatalogQueries.IndicatorColumns}
            FROM indicators i
            JOIN categories c ON c.id = i.category_id
            LEFT JOIN indicators p ON p.id = i.parent_id
            """;
        var indicators = (await connection.QueryAsync<Indicator>(new CommandDefinition(indicatorsSql, transaction: transaction, cancellationToken: cancellationToken)))
            .ToDictionary(i => i.Id);
        var organizations = (await connection.QueryAsync<long>(new CommandDefinition("SELECT id FROM organizations", transaction: transaction, cancellationToken: cancellationToken)))
            .ToHashSet();

        var problems = new List<FigureProblem>();
        for (var index = 0; index < saves.Count; index++)
        {
            var save = saves[index];
            void Problem(string message) => problems.Add(new FigureProblem(index, save.IndicatorId, message));

            if (!organizations.Contains(save.OrganizationId)) { Problem("单位不存在。"); continue; }
            if (!indicators.TryGetValue(save.IndicatorId, out var indicator)) { Problem("指标不存在。"); continue; }
            if (!YearRules.IsValid(save.Year)) Problem("年度不正确。");
            if (save.Note.Length > MaxNoteLength) Problem($"备注不能超过 {MaxNoteLength} 个字。");
            if (save.SourceText.Length > MaxSourceTextLength) Problem($"原文摘录不能超过 {MaxSourceTextLength} 个字。");
            if (save.Reason.Length > MaxReasonLength) Problem($"修改原因不能超过 {MaxReasonLength} 个字。");
            if ((TextRules.InvisibleCharacterProblem(save.Note, "备注") ?? TextRules.InvisibleCharacterProblem(save.Reason, "修改原因")
                 ?? TextRules.InvisibleCharacterProblem(save.SourceText, "原文摘录")) is { } invisible)
                Problem(invisible);
            if (!Enum.IsDefined(save.Qualifier)) Problem("数值写法不正确。");
            if (!Enum.IsDefined(save.Status)) Problem("状态不正确。");
            if (save.Remove)
            {
                continue;
            }
            if (save.Status == FigureStatus.Sample) Problem("不能把数据保存为示例数据，请选择“暂定”或“已发布”。");
            if (ValueProblem(indicator, save.Value) is { } valueProblem) Problem(valueProblem);
        }

        // Changing or removing a published figure needs a reason; so does any change to a published year (a correction,
        // which its reviewer sees as one).
        var current = await CurrentAsync(transaction, saves, cancellationToken);
        var publishedYears = new HashSet<(long, int)>();
        foreach (var (organizationId, year) in saves.Select(s => (s.OrganizationId, s.Year)).Distinct())
        {
            if ((await YearLock.StatusAsync(transaction, organizationId, year, cancellationToken)).State == YearState.Published)
                publishedYears.Add((organizationId, year));
        }
        for (var index = 0; index < saves.Count; index++)
        {
            var save = saves[index];
            if (!string.IsNullOrWhiteSpace(save.Reason)) continue;
            current.TryGetValue((save.OrganizationId, save.IndicatorId, save.Year), out var before);
            if (before?.Status == FigureStatus.Published && Changes(before, save))
            {
                problems.Add(new FigureProblem(index, save.IndicatorId, "修改已发布的数据必须填写原因。"));
            }
            else if (publishedYears.Contains((save.OrganizationId, save.Year)) && (before is null ? !save.Remove : Changes(before, save)))
            {
                problems.Add(new FigureProblem(index, save.IndicatorId, $"{save.Year} 年度已发布：更正须填写原因。"));
            }
        }

        // Parts against totals only for values that are each acceptable (a part of decimal.MaxValue would overflow the sum).
        if (problems.Count == 0)
        {
            problems.AddRange(PartsExceedingTotals(saves, indicators, current));
        }
        return problems;
    }

    /// <summary>What is wrong with a value for this indicator, or null.</summary>
    public static string? ValueProblem(Indicator indicator, decimal value) => indicator.Kind switch
    {
        _ when value < 0 => "数值不能为负数。",
        IndicatorKind.Rate when value > 100 => "比率应在 0 到 100 之间。",
        IndicatorKind.Rate when decimal.Round(value, 2) != value => "比率最多保留两位小数。",
        IndicatorKind.Flag when value is not (0 or 1) => "“是/否”指标只能填 1（是）或 0（否）。",
        IndicatorKind.Count or IndicatorKind.Stock when decimal.Truncate(value) != value => "件数、人数等应为整数。",
        IndicatorKind.Count or IndicatorKind.Stock when value > MaxCount => "数值过大，请核对。",
        _ => null,
    };

    private static bool Changes(Figure before, FigureSave save) =>
        save.Remove || before.Value != save.Value || before.Qualifier != save.Qualifier || before.Status != save.Status;

    private static async Task<Dictionary<(long, long, int), Figure>> CurrentAsync(DbTransaction transaction, IReadOnlyList<FigureSave> saves, CancellationToken cancellationToken)
    {
        var found = new Dictionary<(long, long, int), Figure>();
        foreach (var group in saves.GroupBy(s => (s.OrganizationId, s.Year)))
        {
            const string sql = $"""
                SELECT {FigureQueries.FigureColumns}
                FROM figures f
                JOIN indicators i ON i.id = f.indicator_id
                WHERE f.organization_id = @OrganizationId AND f.year = @Year
                """;
            foreach (var figure in await transaction.Connection!.QueryAsync<Figure>(new CommandDefinition(sql, new { group.Key.OrganizationId, group.Key.Year }, transaction, cancellationToken: cancellationToken)))
            {
                found[(figure.OrganizationId, figure.IndicatorId, figure.Year)] = figure;
            }
        }
        return found;
    }

    /// <summary>Breakdowns whose parts, as they would be after the save, add up to more than their total — unless a reason is given.</summary>
    private static List<FigureProblem> PartsExceedingTotals(
        IReadOnlyList<FigureSave> saves, Dictionary<long, Indicator> indicators, Dictionary<(long, long, int), Figure> current)
    {
        var after = current.ToDictionary(kv => kv.Key, kv => (decimal?)kv.Value.Value);
        foreach (var save in saves)
        {
            after[(save.OrganizationId, save.IndicatorId, save.Year)] = save.Remove ? null : save.Value;
        }

        var problems = new List<FigureProblem>();
        foreach (var (save, index) in saves.Select((s, i) => (s, i)))
        {
            if (!indicators.TryGetValue(save.IndicatorId, out var indicator)) continue;
            var totalId = indicator.ParentId ?? (indicators.Values.Any(i => i.ParentId == indicator.Id) ? indicator.Id : (long?)null);
            if (totalId is not { } parent || !after.TryGetValue((save.OrganizationId, parent, save.Year), out var total) || total is null) continue;
            var parts = indicators.Values.Where(i => i.ParentId == parent)
                .Sum(part => after.TryGetValue((save.OrganizationId, part.Id, save.Year), out var value) ? value ?? 0 : 0);
            if (parts > total && string.IsNullOrWhiteSpace(save.Reason))
            {
                problems.Add(new FigureProblem(index, save.IndicatorId,
                    $"“{indicators[parent].Name}”的分项之和（{parts:0.##}）超过总数（{total:0.##}），请核对；确需保存请填写原因。"));
            }
        }
        return problems;
    }
}
