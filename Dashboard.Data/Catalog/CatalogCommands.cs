using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Dashboard.Data.Users;

namespace Dashboard.Data.Catalog;

/// <summary>What an administrator types to add or change an indicator (see the catalog page for what each field means).</summary>
public sealed record IndicatorSave
{
    public required string Code { get; init; }
    public required string CategoryCode { get; init; }
    /// <summary>The indicator it is a breakdown of (一审 under 行政诉讼); empty for none.</summary>
    public string ParentCode { get; init; } = "";
    public required string Name { get; init; }
    public string NameEn { get; init; } = "";
    public string Unit { get; init; } = "";
    public IndicatorKind Kind { get; init; }
    public Direction Direction { get; init; }
    /// <summary>Its place within its section; null: after the others.</summary>
    public int? DisplayOrder { get; init; }
    public string Description { get; init; } = "";
    public int? HeadlineOrder { get; init; }
    public string Chart { get; init; } = "";
    public decimal? ReferenceValue { get; init; }
    public string ReferenceLabel { get; init; } = "";
    /// <summary>Other words reports use for it, separated by 、 or commas.</summary>
    public string Aliases { get; init; } = "";
    /// <summary>A rate: the code of the count it is a rate of (a district weighs its streets' rates by it); empty for none.</summary>
    public string RateOfCode { get; init; } = "";
    /// <summary>The version edited (<see cref="Indicator.Version"/>); a later change by someone else is a conflict.</summary>
    public int? ExpectedVersion { get; init; }
}

/// <summary>
/// Changes the indicator catalog, which every organization shares (administrators of every organization), and an
/// organization's choice of the indicators it reports (its editors). Every change writes its history row in the same
/// transaction. Indicators are never deleted — figures name them — they are retired. A change of kind or unit is
/// refused while figures exist: nothing may silently reinterpret what is stored.
/// </summary>
public sealed partial class CatalogCommands(DashboardDb db, TimeProvider clock)
{
    public const int MaxNameLength = 40;
    public const int MaxDescriptionLength = 500;
    public const int MaxAliases = 30;

    /// <summary>Adds an indicator; every organization reports it until it chooses otherwise. Returns the problems (nothing saved) or none.</summary>
    public async Task<IReadOnlyList<string>> AddAsync(IndicatorSave save, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Role.Admin, "添加指标");
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        var now = clock.GetUtcNow();
        await actor.DemandAsync(transaction, Permissions.Administer, null, "添加指标", now, cancellationToken);
        var problems = await AddAsync(transaction, save, actor, now, cancellationToken);
        if (problems.Count > 0)
        {
            return problems;
        }
        await transaction.CommitAsync(cancellationToken);
        return [];
    }

    /// <summary>Adds an indicator inside the caller's transaction (whose caller has demanded <see cref="Permissions.Administer"/>), with its history row.</summary>
    internal static async Task<IReadOnlyList<string>> AddAsync(DbTransaction transaction, IndicatorSave save, Actor actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (problems, resolved) = await CheckAsync(transaction, save, existing: null, cancellationToken);
        if (problems.Count > 0)
        {
            return problems;
        }
        const string sql = """
            INSERT INTO indicators (code, category_id, parent_id, name, name_en, unit, kind, direction, display_order, description,
                                    headline_order, chart, reference_value, reference_label, aliases, rate_of_id)
            VALUES (@Code, @CategoryId, @ParentId, @Name, @NameEn, @Unit, @Kind, @Direction,
                    COALESCE(@DisplayOrder, (SELECT COALESCE(max(display_order), 0) + 10 FROM indicators WHERE category_id = @CategoryId)),
                    @Description, @HeadlineOrder, @Chart, @ReferenceValue, @ReferenceLabel, @Aliases, @RateOfId)
            RETURNING id
            """;
        var id = await transaction.Connection!.QuerySingleAsync<long>(new CommandDefinition(sql, resolved, transaction, cancellationToken: cancellationToken));
        await WriteHistoryAsync(transaction, id, null, "Add", $"添加指标“{resolved.Name}”（{resolved.Unit}）", actor, now, cancellationToken);
        return [];
    }

    /// <summary>Changes the indicator with <paramref name="code"/> (the code itself stays: addresses and files use it).</summary>
    public async Task<IReadOnlyList<string>> UpdateAsync(string code, IndicatorSave save, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Role.Admin, "修改指标");
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        var now = clock.GetUtcNow();
        await actor.DemandAsync(transaction, Permissions.Administer, null, "修改指标", now, cancellationToken);
        var current = await GetAsync(transaction, code, cancellationToken);
        if (current is null)
        {
            return ["指标不存在。"];
        }
        if (save.ExpectedVersion != current.Version)
        {
            return ["该指标在您打开后已被他人修改，请刷新页面，看过最新内容后再改。"];
        }
        var (problems, resolved) = await CheckAsync(transaction, save with { Code = current.Code }, current, cancellationToken);
        if (problems.Count > 0)
        {
            return problems;
        }
        var changes = Describe(current, resolved);
        if (changes.Count == 0)
        {
            return [];
        }
        const string sql = """
            UPDATE indicators SET category_id = @CategoryId, parent_id = @ParentId, name = @Name, name_en = @NameEn, unit = @Unit,
                                  kind = @Kind, direction = @Direction, display_order = COALESCE(@DisplayOrder, display_order),
                                  description = @Description, headline_order = @HeadlineOrder, chart = @Chart,
                                  reference_value = @ReferenceValue, reference_label = @ReferenceLabel, aliases = @Aliases,
                                  rate_of_id = @RateOfId, version = version + 1
            WHERE id = @Id AND version = @Version
            """;
        var updated = await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            resolved.CategoryId, resolved.ParentId, resolved.Name, resolved.NameEn, resolved.Unit, resolved.Kind, resolved.Direction, resolved.DisplayOrder,
            resolved.Description, resolved.HeadlineOrder, resolved.Chart, resolved.ReferenceValue, resolved.ReferenceLabel, resolved.Aliases,
            resolved.RateOfId, current.Id, current.Version,
        }, transaction, cancellationToken: cancellationToken));
        if (updated == 0)
        {
            return ["该指标在您打开后已被他人修改，请刷新页面，看过最新内容后再改。"];
        }
        await WriteHistoryAsync(transaction, current.Id, null, "Update", string.Join("；", changes), actor, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return [];
    }

    /// <summary>Retires an indicator (or brings it back): its figures and history stay; it leaves the grid and the dashboard.</summary>
    public async Task<IReadOnlyList<string>> SetRetiredAsync(string code, bool retired, Actor actor, CancellationToken cancellationToken = default)
    {
        var action = retired ? "停用指标" : "恢复指标";
        actor.Demand(Role.Admin, action);
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        var now = clock.GetUtcNow();
        await actor.DemandAsync(transaction, Permissions.Administer, null, action, now, cancellationToken);
        var current = await GetAsync(transaction, code, cancellationToken);
        if (current is null)
        {
            return ["指标不存在。"];
        }
        if (current.IsRetired == retired)
        {
            return [];
        }
        if (retired && await connection.QuerySingleAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM indicators WHERE parent_id = @Id AND retired_at IS NULL", new { current.Id }, transaction, cancellationToken: cancellationToken)) > 0)
        {
            return [$"“{current.Name}”还有未停用的分项指标，请先停用分项。"];
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE indicators SET retired_at = @retiredAt, version = version + 1 WHERE id = @Id",
            new { current.Id, retiredAt = retired ? now : (DateTimeOffset?)null }, transaction, cancellationToken: cancellationToken));
        var figures = await connection.QuerySingleAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM figures WHERE indicator_id = @Id", new { current.Id }, transaction, cancellationToken: cancellationToken));
        await WriteHistoryAsync(transaction, current.Id, null, retired ? "Retire" : "Restore",
            retired ? $"停用“{current.Name}”（已有 {figures} 个数据，全部保留）" : $"恢复“{current.Name}”", actor, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return [];
    }

    /// <summary>Whether <paramref name="organizationId"/> reports the indicator (its editors choose). Its figures stay either way.</summary>
    public async Task<IReadOnlyList<string>> SetReportedAsync(long organizationId, string code, bool reported, Actor actor, CancellationToken cancellationToken = default)
    {
        const string action = "选择填报的指标";
        actor.Demand(Role.Editor, action);
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        var now = clock.GetUtcNow();
        await actor.DemandAsync(transaction, Permissions.EditFigures, organizationId, action, now, cancellationToken);
        var current = await GetAsync(transaction, code, cancellationToken);
        var organization = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT name FROM organizations WHERE id = @organizationId", new { organizationId }, transaction, cancellationToken: cancellationToken));
        if (current is null || organization is null)
        {
            return ["单位或指标不存在。"];
        }
        var changed = reported
            ? await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM indicators_not_reported WHERE organization_id = @organizationId AND indicator_id = @Id",
                new { organizationId, current.Id }, transaction, cancellationToken: cancellationToken))
            : await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO indicators_not_reported (organization_id, indicator_id) VALUES (@organizationId, @Id) ON CONFLICT DO NOTHING",
                new { organizationId, current.Id }, transaction, cancellationToken: cancellationToken));
        if (changed > 0)
        {
            await WriteHistoryAsync(transaction, current.Id, organizationId, reported ? "Report" : "NotReport",
                reported ? $"{organization}填报“{current.Name}”" : $"{organization}不再填报“{current.Name}”（已有数据保留）", actor, now, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return [];
    }

    private sealed record Resolved
    {
        public required string Code { get; init; }
        public long CategoryId { get; init; }
        public long? ParentId { get; init; }
        public required string Name { get; init; }
        public required string NameEn { get; init; }
        public required string Unit { get; init; }
        public required string Kind { get; init; }
        public required string Direction { get; init; }
        public int? DisplayOrder { get; init; }
        public required string Description { get; init; }
        public int? HeadlineOrder { get; init; }
        public string? Chart { get; init; }
        public decimal? ReferenceValue { get; init; }
        public required string ReferenceLabel { get; init; }
        public required string Aliases { get; init; }
        public long? RateOfId { get; init; }
        public string? RateOfCode { get; init; }
        public string? RateOfName { get; init; }
        public required string CategoryName { get; init; }
        public string? ParentName { get; init; }
    }

    private static async Task<(IReadOnlyList<string> Problems, Resolved Resolved)> CheckAsync(DbTransaction transaction, IndicatorSave save, Indicator? existing, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var connection = transaction.Connection!;
        var code = save.Code.Trim();
        if (existing is null)
        {
            if (!CodePattern().IsMatch(code))
            {
                problems.Add("代码须为 2–64 个小写英文字母、数字或下划线，以字母开头，例如 disputes_mediated。");
            }
            else if (await connection.QuerySingleAsync<long>(new CommandDefinition("SELECT count(*) FROM indicators WHERE code = @code", new { code }, transaction, cancellationToken: cancellationToken)) > 0)
            {
                problems.Add($"代码“{code}”已被使用。");
            }
        }
        var name = Line(save.Name, "名称", MaxNameLength, problems, required: true);
        var nameEn = Line(save.NameEn, "英文名称", 100, problems);
        var unit = Line(save.Unit, "单位", 6, problems);
        var description = (save.Description ?? "").Trim();
        if (description.Length > MaxDescriptionLength) problems.Add($"说明不能超过 {MaxDescriptionLength} 个字。");
        if (TextRules.InvisibleCharacterProblem(description, "说明") is { } invisible) problems.Add(invisible);
        var referenceLabel = Line(save.ReferenceLabel, "参考线说明", 30, problems);

        if (!Enum.IsDefined(save.Kind)) problems.Add("类型不正确。");
        if (!Enum.IsDefined(save.Direction)) problems.Add("方向不正确。");
        switch (save.Kind)
        {
            case IndicatorKind.Flag when unit.Length > 0:
                problems.Add("“是/否”类指标不填单位。");
                break;
            case IndicatorKind.Rate when unit != "%":
                problems.Add("比率类指标的单位须为 %。");
                break;
            case IndicatorKind.Count or IndicatorKind.Stock when unit.Length == 0 || unit == "%":
                problems.Add("数量类指标须填单位（件、次、场、份、人……），且不能是 %。");
                break;
        }

        var category = await connection.QuerySingleOrDefaultAsync<Category>(new CommandDefinition(
            "SELECT id, code, name, name_en, display_order FROM categories WHERE code = @code", new { code = save.CategoryCode }, transaction, cancellationToken: cancellationToken));
        if (category is null) problems.Add("请选择所属栏目。");

        long? parentId = null;
        string? parentName = null;
        if (!string.IsNullOrWhiteSpace(save.ParentCode))
        {
            var parent = await GetAsync(transaction, save.ParentCode.Trim(), cancellationToken);
            if (parent is null) problems.Add("上级指标不存在。");
            else if (parent.Code == code) problems.Add("指标不能是自己的分项。");
            else if (parent.ParentId is not null) problems.Add($"“{parent.Name}”本身是分项，分项不能再分。");
            else if (parent.Kind != save.Kind) problems.Add($"分项须与上级指标“{parent.Name}”同一类型。");
            else if (existing is not null && await connection.QuerySingleAsync<long>(new CommandDefinition(
                         "SELECT count(*) FROM indicators WHERE parent_id = @Id", new { existing.Id }, transaction, cancellationToken: cancellationToken)) > 0)
                problems.Add("该指标自己有分项，不能再作为其他指标的分项。");
            else (parentId, parentName) = (parent.Id, parent.Name);
        }

        if (save.HeadlineOrder is < 1 or > 9999) problems.Add("指标卡顺序须为 1–9999，或留空（不设指标卡）。");
        if (save.DisplayOrder is < 0 or > 99999) problems.Add("排序须为 0–99999。");
        var chart = (save.Chart ?? "").Trim();
        if (chart.Length > 0 && !CodePattern().IsMatch(chart)) problems.Add("图表分组须为小写英文字母、数字或下划线，同组的指标画在同一张图里。");
        if (save.ReferenceValue is { } reference)
        {
            if (reference < 0 || (save.Kind == IndicatorKind.Rate && reference > 100)) problems.Add("参考线的数值不正确（比率在 0–100 之间）。");
            if (referenceLabel.Length == 0) problems.Add("有参考线时请填写其说明，如“全国目标 95%”。");
        }

        var aliases = (save.Aliases ?? "").Split(['、', ',', '，', ';', '；', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(a => TextRules.NormalizeCompatible(a) ?? a).Distinct().ToList();
        if (aliases.Count > MaxAliases) problems.Add($"别名最多 {MaxAliases} 个。");
        foreach (var alias in aliases)
        {
            if (alias.Length is < 2 or > 30) problems.Add($"别名“{alias}”须为 2–30 个字。");
            else if (alias.Any(char.IsControl) || alias.Any(TextRules.IsInvisible)) problems.Add($"别名“{alias}”含有不可见的字符。");
        }

        long? rateOfId = null;
        string? rateOfCode = null;
        string? rateOfName = null;
        if (!string.IsNullOrWhiteSpace(save.RateOfCode))
        {
            var of = await GetAsync(transaction, save.RateOfCode.Trim(), cancellationToken);
            if (save.Kind != IndicatorKind.Rate) problems.Add("只有比率类指标才能说明“是哪个数量的比率”。");
            else if (of is null) problems.Add("“是哪个数量的比率”所选的指标不存在。");
            else if (of.Kind is not (IndicatorKind.Count or IndicatorKind.Stock)) problems.Add($"“{of.Name}”不是数量类指标，不能作为比率的基数。");
            else (rateOfId, rateOfCode, rateOfName) = (of.Id, of.Code, of.Name);
        }

        // Stored figures keep their meaning: 件 read as 次, or a count read as a percentage, would be wrong everywhere.
        if (existing is not null && (existing.Kind != save.Kind || existing.Unit != unit))
        {
            var figures = await connection.QuerySingleAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM figures WHERE indicator_id = @Id", new { existing.Id }, transaction, cancellationToken: cancellationToken));
            if (figures > 0)
            {
                problems.Add($"“{existing.Name}”已有 {figures} 个数据，不能把{(existing.Kind != save.Kind ? "类型" : "单位")}从“{Describe(existing.Kind, existing.Unit)}”改为“{Describe(save.Kind, unit)}”：已录入的数据会被误读。" +
                             "如口径确实变了，请新建一个指标，并停用这个（其数据全部保留）。");
            }
        }

        return (problems, new Resolved
        {
            Code = code, CategoryId = category?.Id ?? 0, ParentId = parentId, Name = name, NameEn = nameEn, Unit = unit,
            Kind = save.Kind.ToString(), Direction = save.Direction.ToString(), DisplayOrder = save.DisplayOrder, Description = description,
            HeadlineOrder = save.HeadlineOrder, Chart = chart.Length > 0 ? chart : null, ReferenceValue = save.ReferenceValue,
            ReferenceLabel = referenceLabel, Aliases = string.Join("、", aliases), CategoryName = category?.Name ?? "", ParentName = parentName,
            RateOfId = rateOfId, RateOfCode = rateOfCode, RateOfName = rateOfName,
        });
    }

    private static string Describe(IndicatorKind kind, string unit) => kind switch
    {
        IndicatorKind.Count => $"数量（{unit}）",
        IndicatorKind.Stock => $"存量（{unit}）",
        IndicatorKind.Rate => "比率（%）",
        _ => "是/否",
    };

    /// <summary>What an update changes, field by field, in words.</summary>
    private static List<string> Describe(Indicator before, Resolved after)
    {
        var changes = new List<string>();
        void Compare(string what, string? old, string? @new)
        {
            if ((old ?? "") != (@new ?? "")) changes.Add($"{what}：{(string.IsNullOrEmpty(old) ? "（空）" : old)} → {(string.IsNullOrEmpty(@new) ? "（空）" : @new)}");
        }
        string? Number(decimal? value) => value?.ToString("0.##", CultureInfo.InvariantCulture);
        Compare("名称", before.Name, after.Name);
        Compare("英文名称", before.NameEn, after.NameEn);
        Compare("单位", before.Unit, after.Unit);
        Compare("类型", before.Kind.ToString(), after.Kind);
        Compare("方向", before.Direction.ToString(), after.Direction);
        if (before.CategoryId != after.CategoryId) changes.Add($"栏目改为“{after.CategoryName}”");
        if (before.ParentId != after.ParentId) changes.Add(after.ParentName is null ? "不再是分项" : $"改为“{after.ParentName}”的分项");
        if (after.DisplayOrder is { } order && order != before.DisplayOrder) Compare("排序", before.DisplayOrder.ToString(CultureInfo.InvariantCulture), order.ToString(CultureInfo.InvariantCulture));
        Compare("说明", before.Description, after.Description);
        Compare("指标卡顺序", before.HeadlineOrder?.ToString(CultureInfo.InvariantCulture), after.HeadlineOrder?.ToString(CultureInfo.InvariantCulture));
        Compare("图表分组", before.Chart, after.Chart);
        Compare("参考线", Number(before.ReferenceValue), Number(after.ReferenceValue));
        Compare("参考线说明", before.ReferenceLabel, after.ReferenceLabel);
        Compare("别名", before.Aliases, after.Aliases);
        if (before.RateOfCode != after.RateOfCode) changes.Add(after.RateOfName is null ? "不再说明是哪个数量的比率" : $"改为“{after.RateOfName}”的比率");
        return changes;
    }

    private static string Line(string? text, string what, int max, List<string> problems, bool required = false)
    {
        var value = (text ?? "").Trim();
        if (required && value.Length == 0) problems.Add($"请填写{what}。");
        else if (value.Length > max) problems.Add($"{what}不能超过 {max} 个字。");
        else if (value.Any(char.IsControl) || value.Any(TextRules.IsInvisible)) problems.Add($"{what}只能有一行，且不能含有不可见的字符。");
        else if (TextRules.NormalizeCompatible(value) is { } normalized) return normalized;
        return value;
    }

    private static Task<Indicator?> GetAsync(DbTransaction transaction, string code, CancellationToken cancellationToken) =>
        transaction.Connection!.QuerySingleOrDefaultAsync<Indicator>(new CommandDefinition($"""
            SELECT {CatalogQueries.IndicatorColumns}
            FROM indicators i JOIN categories c ON c.id = i.category_id LEFT JOIN indicators p ON p.id = i.parent_id
            WHERE i.code = @code
            """, new { code }, transaction, cancellationToken: cancellationToken));

    private static Task WriteHistoryAsync(DbTransaction transaction, long indicatorId, long? organizationId, string action, string description, Actor actor, DateTimeOffset now, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition("""
            INSERT INTO catalog_history (indicator_id, organization_id, action, description, changed_at, changed_by)
            VALUES (@indicatorId, @organizationId, @action, @description, @now, @author)
            """, new { indicatorId, organizationId, action, description, now, author = actor.UserName }, transaction, cancellationToken: cancellationToken));

    [GeneratedRegex("^[a-z][a-z0-9_]{1,63}$")]
    private static partial Regex CodePattern();
}
