namespace Dashboard.Data.Catalog;

/// <summary>
/// A street office, town or township (街道, 镇, 乡), or the district (区) they belong to. An archived organization keeps
/// its figures, reports and history but is no longer offered in the pickers.
/// </summary>
public sealed record Organization
{
    public long Id { get; init; }
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required string Kind { get; init; }
    /// <summary>The district it belongs to; null for a district or an organization on its own.</summary>
    public long? ParentId { get; init; }
    public DateTimeOffset? ArchivedAt { get; init; }

    /// <summary>Its own id and those of every organization above it, nearest first: a role held for any of them covers it.</summary>
    public IReadOnlyList<long> Lineage { get; init; } = [];

    public bool IsArchived => ArchivedAt is not null;

    /// <summary>The kinds of organization, as the reports name them.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["街道", "镇", "乡", "区"];

    /// <summary>The one kind that has organizations under it.</summary>
    public const string District = "区";

    // By value, lineage included (a record would compare the list by reference): screens compare what they show.
    public bool Equals(Organization? other) =>
        other is not null && Id == other.Id && Code == other.Code && Name == other.Name && Kind == other.Kind
        && ParentId == other.ParentId && ArchivedAt == other.ArchivedAt && Lineage.SequenceEqual(other.Lineage);

    public override int GetHashCode() => HashCode.Combine(Id, Code, Name, Kind, ParentId, ArchivedAt);
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
    /// <summary>Other words reports use for it, separated by 、 (调处矛盾纠纷、化解矛盾纠纷).</summary>
    public string Aliases { get; init; } = "";
    /// <summary>A rate: the code of the count it is a rate of (调解成功率 of 矛盾纠纷排查调处); null if the catalog does not say.</summary>
    public string? RateOfCode { get; init; }
    /// <summary>Retired: its figures and history stay, it is no longer entered or shown on the dashboard.</summary>
    public DateTimeOffset? RetiredAt { get; init; }
    /// <summary>Bumped by every change: an edit made over an older version is refused.</summary>
    public int Version { get; init; } = 1;

    public bool IsRetired => RetiredAt is not null;
}

/// <summary>A change of the catalog or of an organization's choice of indicators.</summary>
public sealed record CatalogChange
{
    public long Id { get; init; }
    public long IndicatorId { get; init; }
    public required string IndicatorName { get; init; }
    public long? OrganizationId { get; init; }
    public string? OrganizationName { get; init; }
    public required string Action { get; init; }
    public required string Description { get; init; }
    public DateTimeOffset ChangedAt { get; init; }
    public required string ChangedBy { get; init; }
}
