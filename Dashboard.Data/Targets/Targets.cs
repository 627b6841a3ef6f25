using Dapper;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Users;
using Dashboard.Data.Years;

namespace Dashboard.Data.Targets;

/// <summary>An organization's target for an indicator in a year: ≥, ≤ or = a value.</summary>
public sealed record Target
{
    public long Id { get; init; }
    public long OrganizationId { get; init; }
    public long IndicatorId { get; init; }
    public required string IndicatorCode { get; init; }
    public int Year { get; init; }
    public Comparator Comparator { get; init; }
    public decimal Value { get; init; }
}

public enum TargetStatus { Met, NotMet, Unknown }

public static class TargetRules
{
    public static string Symbol(Comparator comparator) => comparator switch
    {
        Comparator.GreaterOrEqual => "≥",
        Comparator.LessOrEqual => "≤",
        _ => "=",
    };

    /// <summary>A target as the pages write it: <c>≥95%</c>, <c>≤60件</c>; no target: <c>无目标</c>.</summary>
    public static string Describe(Comparator? comparator, decimal? value, Indicator? indicator) =>
        comparator is { } c && value is { } v
            ? $"{Symbol(c)}{v.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}{indicator?.Unit}"
            : "无目标";

    /// <summary>
    /// Whether a figure meets its target. An approximate figure meets it only when its words guarantee it
    /// (524余 meets ≥ 500; 约500 against ≥ 500 cannot be judged).
    /// </summary>
    public static TargetStatus Of(Target target, FigureValue? figure)
    {
        if (figure is null)
        {
            return TargetStatus.Unknown;
        }
        var exact = figure.Qualifier == Qualifier.Exact;
        var floor = figure.Qualifier is Qualifier.Exact or Qualifier.MoreThan or Qualifier.AtLeast;
        var ceiling = figure.Qualifier is Qualifier.Exact or Qualifier.JustUnder;
        return target.Comparator switch
        {
            Comparator.GreaterOrEqual when floor && figure.Value >= target.Value => TargetStatus.Met,
            Comparator.GreaterOrEqual when ceiling && figure.Value < target.Value => TargetStatus.NotMet,
            Comparator.LessOrEqual when ceiling && figure.Value <= target.Value => TargetStatus.Met,
            Comparator.LessOrEqual when floor && figure.Value > target.Value => TargetStatus.NotMet,
            Comparator.Equal when exact => figure.Value == target.Value ? TargetStatus.Met : TargetStatus.NotMet,
            _ => TargetStatus.Unknown,
        };
    }
}

public sealed class TargetQueries(DashboardDb db)
{
    /// <summary>The changes of an organization's targets for a year, newest first.</summary>
    /// <exception cref="AccessDeniedException">The reader does not see the organization's unpublished data.</exception>
    public async Task<IReadOnlyList<TargetChange>> GetHistoryAsync(long organizationId, int year, Reader reader, CancellationToken cancellationToken = default)
    {
        reader.DemandUnpublished(organizationId);
        const string sql = """
            SELECT h.id, h.indicator_id, i.code AS indicator_code, h.year, h.old_comparator, h.old_value, h.new_comparator, h.new_value, h.changed_at, h.changed_by
            FROM target_history h
            JOIN indicators i ON i.id = h.indicator_id
            WHERE h.organization_id = @organizationId AND h.year = @year
            ORDER BY h.id DESC
            """;
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<TargetChange>(new CommandDefinition(sql, new { organizationId, year }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>The targets of an organization over a range of years (public: the dashboard shows them to everyone).</summary>
    public async Task<IReadOnlyList<Target>> GetTargetsAsync(long organizationId, int fromYear, int toYear, Reader reader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        const string sql = """
            SELECT t.id, t.organization_id, t.indicator_id, i.code AS indicator_code, t.year, t.comparator, t.value
            FROM targets t
            JOIN indicators i ON i.id = t.indicator_id
            WHERE t.organization_id = @organizationId AND t.year BETWEEN @fromYear AND @toYear
            ORDER BY t.year, i.display_order
            """;
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Target>(new CommandDefinition(sql, new { organizationId, fromYear, toYear }, cancellationToken: cancellationToken));
        return rows.AsList();
    }
}

/// <summary>A target as it stands: a comparator and a value.</summary>
public sealed record TargetState
{
    public Comparator Comparator { get; init; }
    public decimal Value { get; init; }

    public static TargetState? Of(Target? target) => target is null ? null : new() { Comparator = target.Comparator, Value = target.Value };

    public static TargetState? Of(Comparator? comparator, decimal? value) =>
        comparator is { } c && value is { } v ? new() { Comparator = c, Value = v } : null;
}

/// <summary>A change of a target: before and after (no comparator: no target), who and when.</summary>
public sealed record TargetChange
{
    public long Id { get; init; }
    public long IndicatorId { get; init; }
    public required string IndicatorCode { get; init; }
    public int Year { get; init; }
    public Comparator? OldComparator { get; init; }
    public decimal? OldValue { get; init; }
    public Comparator? NewComparator { get; init; }
    public decimal? NewValue { get; init; }
    public DateTimeOffset ChangedAt { get; init; }
    public required string ChangedBy { get; init; }
}

/// <summary>
/// A target to set (a value) or remove (no value), and the target the editor's screen showed before (<paramref name="Seen"/>,
/// null: none). A target changed by someone else meanwhile is not overwritten: the save is refused and says what it is now.
/// </summary>
public sealed record TargetSave(long IndicatorId, Comparator Comparator, decimal? Value, TargetState? Seen);

/// <summary>Sets and removes targets (editors). A target's value obeys the same rules as a figure of its indicator.</summary>
public sealed class TargetCommands(DashboardDb db, TimeProvider clock)
{
    /// <summary>
    /// Sets (or, without a value, removes) an organization's targets for a year, all in one transaction.
    /// Returns what is wrong with each refused target, by indicator id; nothing is saved unless the list is empty.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, string>> SetTargetsAsync(
        long organizationId, int year, IReadOnlyList<TargetSave> targets, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Role.Editor, "设定目标");
        var indicators = (await new CatalogQueries(db).GetIndicatorsAsync(cancellationToken)).ToDictionary(i => i.Id);
        await using var connection = await db.OpenAsync(cancellationToken);
        var organizationExists = await connection.QuerySingleAsync<int>(new CommandDefinition(
            "SELECT count(*) FROM organizations WHERE id = @organizationId", new { organizationId }, cancellationToken: cancellationToken)) > 0;

        var problems = new Dictionary<long, string>();
        var twice = targets.GroupBy(t => t.IndicatorId).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        foreach (var target in targets)
        {
            var problem = twice.Contains(target.IndicatorId) ? "同一指标只能设定一个目标。"
                : !organizationExists || !indicators.TryGetValue(target.IndicatorId, out var indicator) ? "单位或指标不存在。"
                : !YearRules.IsValid(year) ? "年度不正确。"
                : !Enum.IsDefined(target.Comparator) ? "比较方式不正确。"
                : target.Value is { } value ? FigureValidator.ValueProblem(indicator, value)
                : null;
            if (problem is not null) problems[target.IndicatorId] = problem;
        }
        if (problems.Count > 0)
        {
            return problems;
        }

        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        var now = clock.GetUtcNow();
        await actor.DemandAsync(transaction, Permissions.EditFigures, organizationId, "设定目标", now, cancellationToken);
        await YearLock.DemandEditableAsync(transaction, organizationId, year, "修改目标", cancellationToken);
        const string current = """
            SELECT comparator, value FROM targets WHERE organization_id = @organizationId AND indicator_id = @IndicatorId AND year = @year
            """;
        var changes = new List<(TargetSave Target, TargetState? Before, TargetState? After)>();
        foreach (var target in targets)
        {
            var before = await connection.QuerySingleOrDefaultAsync<TargetState>(new CommandDefinition(current,
                new { organizationId, year, target.IndicatorId }, transaction, cancellationToken: cancellationToken));
            if (before != target.Seen)
            {
                // Optimistic concurrency, checked in the write's own transaction: the later editor is told, not overwritten.
                problems[target.IndicatorId] = (before is null ? "此目标在您打开页面后已被他人取消" : $"此目标在您打开页面后已被他人改为{TargetRules.Describe(before.Comparator, before.Value, indicators[target.IndicatorId])}")
                    + "，未保存（见修改记录）。";
                continue;
            }
            var after = target.Value is { } value ? new TargetState { Comparator = target.Comparator, Value = value } : null;
            if (before != after)
            {
                changes.Add((target, before, after));
            }
        }
        if (problems.Count > 0)
        {
            return problems;   // nothing written: the transaction ends uncommitted
        }
        foreach (var (target, before, after) in changes)
        {
            const string delete = "DELETE FROM targets WHERE organization_id = @organizationId AND indicator_id = @IndicatorId AND year = @year";
            const string upsert = """
                INSERT INTO targets (organization_id, indicator_id, year, comparator, value)
                VALUES (@organizationId, @IndicatorId, @year, @Comparator, @Value)
                ON CONFLICT (organization_id, indicator_id, year) DO UPDATE SET comparator = excluded.comparator, value = excluded.value
                """;
            await connection.ExecuteAsync(new CommandDefinition(after is null ? delete : upsert,
                new { organizationId, year, target.IndicatorId, Comparator = target.Comparator.ToString(), target.Value }, transaction, cancellationToken: cancellationToken));
            const string history = """
                INSERT INTO target_history (organization_id, indicator_id, year, old_comparator, old_value, new_comparator, new_value, changed_at, changed_by)
                VALUES (@organizationId, @IndicatorId, @year, @OldComparator, @OldValue, @NewComparator, @NewValue, @now, @author)
                """;
            await connection.ExecuteAsync(new CommandDefinition(history, new
            {
                organizationId, year, target.IndicatorId, OldComparator = before?.Comparator.ToString(), OldValue = before?.Value,
                NewComparator = after?.Comparator.ToString(), NewValue = after?.Value, now, author = actor.UserName,
            }, transaction, cancellationToken: cancellationToken));
        }
        await transaction.CommitAsync(cancellationToken);
        return problems;
    }
}
