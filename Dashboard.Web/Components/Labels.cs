using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Seeding;
using Dashboard.Data.Users;

namespace Dashboard.Web.Components;

/// <summary>The Chinese words the UI uses for the catalog's codes.</summary>
public static class Labels
{
    public static string Of(Qualifier qualifier) => CodeWords.Label(qualifier);

    public static string Of(FigureStatus status) => CodeWords.Of(status);

    public static string Of(IndicatorKind kind) => kind switch
    {
        IndicatorKind.Count => "年度计数",
        IndicatorKind.Rate => "比率（%）",
        IndicatorKind.Stock => "年末存量",
        IndicatorKind.Flag => "是 / 否",
        _ => kind.ToString(),
    };

    public static string Of(Direction direction) => direction switch
    {
        Direction.HigherBetter => "越高越好",
        Direction.LowerBetter => "越低越好",
        Direction.Neutral => "中性（不评好坏）",
        Direction.TargetZero => "目标为零（清零）",
        Direction.TargetFull => "目标全覆盖",
        _ => direction.ToString(),
    };

    public static string Of(Role role) => role switch
    {
        Role.Viewer => "查看者（领导）",
        Role.Editor => "编辑者（工作人员）",
        Role.Reviewer => "审核人（审核并发布）",
        Role.Admin => "管理员",
        _ => role.ToString(),
    };

    /// <summary>An organization in a picker: what is under a district indented beneath it.</summary>
    public static string Option(Organization organization) =>
        (organization.ParentId is null ? "" : "\u3000") + organization.Name + (organization.IsArchived ? "（已归档）" : "");

    /// <summary>Where a user's role holds: one organization (with what is under it) or all of them.</summary>
    public static string Scope(long? organizationId, IReadOnlyList<Organization> organizations) =>
        organizationId is null ? "全部单位" : organizations.FirstOrDefault(o => o.Id == organizationId)?.Name ?? $"单位 #{organizationId}";

    /// <summary>Who made a change, as people read it: the program's own names for itself in words.</summary>
    public static string Author(string name) => name switch
    {
        Seeder.Author => "初始数据（报告导入）",
        Seeder.SampleAuthor => "示例数据",
        _ => name,
    };
}
