namespace Dashboard.Data.Catalog;

/// <summary>A street office or township. The model allows several: the other streets of a district later.</summary>
public sealed record Organization
{
    public long Id { get; init; }
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required string Kind { get; init; }
}

/// <summary>An ordered section of the report (法治学习, 依法行政 …).</summary>
public sealed record Category
{
    public long Id { get; init; }
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required string NameEn { get; init; }
    public int DisplayOrder { get; init; }
}

public sealed record Indicator
{
    public long Id { get; init; }
    public required string Code { get; init; }
    public long CategoryId { get; init; }
    public required string CategoryCode { get; init; }
    /// <summary>Set for a breakdown (一审 under 行政诉讼): the parts need not add up to the parent.</summary>
    public long? ParentId { get; init; }
    public string? ParentCode { get; init; }
    public required string Name { get; init; }
    public required string NameEn { get; init; }
    /// <summary>件, 次, 场, 份, 条, 人, 名, %; empty for yes/no.</summary>
    public required string Unit { get; init; }
    public IndicatorKind Kind { get; init; }
    public Direction Direction { get; init; }
    public int DisplayOrder { get; init; }
    public required string Description { get; init; }
    /// <summary>The indicator's place among the dashboard's headline tiles; null for no tile.</summary>
    public int? HeadlineOrder { get; init; }
    /// <summary>The chart it is drawn in: indicators with the same value share one; null for none.</summary>
    public string? Chart { get; init; }
    /// <summary>An official reference line (全国目标 95%), drawn beside the street's own figures.</summary>
    public decimal? ReferenceValue { get; init; }
    public string ReferenceLabel { get; init; } = "";
}
