namespace Dashboard.Data.Figures;

/// <summary>Why a change against the previous year can or cannot be stated.</summary>
public enum Comparability
{
    Comparable,
    /// <summary>This year or the previous year has no figure.</summary>
    Missing,
    /// <summary>Either side is written with 余, 以上, 约 or 近: "524余 vs 500余" has no honest difference.</summary>
    Approximate,
    /// <summary>A yes/no indicator has no amount of change.</summary>
    NotApplicable,
}

/// <summary>
/// The change of a figure against the previous year. For rates the absolute change is in percentage points and
/// there is no relative change; for counts and stocks the relative change is a fraction (0.25 = +25%). A change
/// involving a provisional figure is stated, and marked <see cref="Provisional"/>: it may still move.
/// </summary>
public sealed record YearChange(Comparability Comparability, decimal? Absolute, decimal? Relative, bool InPercentagePoints, bool Provisional = false)
{
    public static YearChange Between(IndicatorKind kind, FigureValue? current, FigureValue? previous)
    {
        var percentagePoints = kind == IndicatorKind.Rate;
        if (kind == IndicatorKind.Flag)
        {
            return new(Comparability.NotApplicable, null, null, false);
        }
        if (current is null || previous is null)
        {
            return new(Comparability.Missing, null, null, percentagePoints);
        }
        if (current.Qualifier != Qualifier.Exact || previous.Qualifier != Qualifier.Exact)
        {
            return new(Comparability.Approximate, null, null, percentagePoints);
        }
        var absolute = current.Value - previous.Value;
        decimal? relative = percentagePoints || previous.Value == 0 ? null : absolute / previous.Value;
        var provisional = current.Status == FigureStatus.Provisional || previous.Status == FigureStatus.Provisional;
        return new(Comparability.Comparable, absolute, relative, percentagePoints, provisional);
    }
}

/// <summary>A value as the report writes it: the number, its qualifier, and whether it is published.</summary>
public sealed record FigureValue
{
    public decimal Value { get; init; }
    public Qualifier Qualifier { get; init; }
    public FigureStatus Status { get; init; }
}

/// <summary>One indicator in a year: its figure (if any), the previous year's, and the change between them.</summary>
public sealed record YearSummaryRow(Catalog.Indicator Indicator, int Year, FigureValue? Current, FigureValue? Previous, YearChange Change);
