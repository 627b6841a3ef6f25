namespace Dashboard.Data.Figures;

/// <summary>One organization's value of one indicator in one year, as stored.</summary>
public sealed record Figure
{
    public long Id { get; init; }
    public long OrganizationId { get; init; }
    public long IndicatorId { get; init; }
    public required string IndicatorCode { get; init; }
    public int Year { get; init; }
    public decimal Value { get; init; }
    public Qualifier Qualifier { get; init; }
    public FigureStatus Status { get; init; }
    /// <summary>The exact words of the report this figure came from; empty when entered without one.</summary>
    public required string SourceText { get; init; }
    public required string Note { get; init; }
    /// <summary>Bumped by every update; a save names the version it started from.</summary>
    public long Version { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public required string UpdatedBy { get; init; }
}

/// <summary>A figure to insert or update.</summary>
public sealed record FigureSave
{
    public long OrganizationId { get; init; }
    public long IndicatorId { get; init; }
    public int Year { get; init; }
    public decimal Value { get; init; }
    public Qualifier Qualifier { get; init; }
    public FigureStatus Status { get; init; }
    public string SourceText { get; init; } = "";
    public string Note { get; init; } = "";
    /// <summary>The version the editor started from, or null for a figure the editor believes is new.</summary>
    public long? ExpectedVersion { get; init; }
    public string Reason { get; init; } = "";
    /// <summary>Remove the figure (at <see cref="ExpectedVersion"/>) instead of saving a value.</summary>
    public bool Remove { get; init; }
}

/// <summary>The stored figure changed (or appeared, or went) since the editor read it; nothing was written.</summary>
public sealed record FigureConflict(FigureSave Attempted, Figure? Current);

public sealed record SaveResult(IReadOnlyList<Figure> Saved, IReadOnlyList<FigureConflict> Conflicts, IReadOnlyList<FigureProblem> Problems)
{
    public bool Succeeded => Conflicts.Count == 0 && Problems.Count == 0;
}

public sealed record FigureHistoryEntry
{
    public long Id { get; init; }
    public long FigureId { get; init; }
    public long OrganizationId { get; init; }
    public long IndicatorId { get; init; }
    public string IndicatorCode { get; init; } = "";
    public string IndicatorName { get; init; } = "";
    public int Year { get; init; }
    public HistoryAction Action { get; init; }
    public decimal? OldValue { get; init; }
    public decimal? NewValue { get; init; }
    public Qualifier? OldQualifier { get; init; }
    public Qualifier? NewQualifier { get; init; }
    public FigureStatus? OldStatus { get; init; }
    public FigureStatus? NewStatus { get; init; }

    /// <summary>The note before and after; null where not known (changes made before notes were kept).</summary>
    public string? OldNote { get; init; }
    public string? NewNote { get; init; }

    /// <summary>The report's words that state the figure, before and after; null where not known.</summary>
    public string? OldSourceText { get; init; }
    public string? NewSourceText { get; init; }

    public long Version { get; init; }
    public DateTimeOffset ChangedAt { get; init; }
    public required string ChangedBy { get; init; }
    public required string Reason { get; init; }
}

/// <summary>One point of a year-over-year series. A year without a figure has no point.</summary>
public sealed record SeriesPoint
{
    public required string IndicatorCode { get; init; }
    public int Year { get; init; }
    public decimal Value { get; init; }
    public Qualifier Qualifier { get; init; }
    public FigureStatus Status { get; init; }
}
