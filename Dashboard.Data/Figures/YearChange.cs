namespace Dashboard.Data.Figures;

/// <summary>Why a change against the previous year can or cannot be stated.</summary>
public enum Comparability
{
    Comparable,
    /// <summary>This year or the previous year has no figure.</summary>
    Missing,
    /// <summary>
    /// The change is known only by its bound: <see cref="YearChange.Absolute"/> is the least it can be — an increase of
    /// at least that much (positive), or a decrease of at least that much (negative). 余 and 以上 are lower bounds:
    /// 600余 against 230 is at least +370.
    /// </summary>
    AtLeast,
    /// <summary>
    /// No honest difference: a side written with 约 or 近 (about, a little under), or bounds that leave the direction open
    /// (524余 against 500余; 200余 against 230).
    /// </summary>
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
        var absolute = current.Value - previous.Value;
        decimal? relative = percentagePoints || previous.Value == 0 ? null : absolute / previous.Value;
        var provisional = current.Status == FigureStatus.Provisional || previous.Status == FigureStatus.Provisional;
        static bool LowerBound(Qualifier q) => q is Qualifier.MoreThan or Qualifier.AtLeast;
        return (current.Qualifier, previous.Qualifier) switch
        {
            (Qualifier.Exact, Qualifier.Exact) => new(Comparability.Comparable, absolute, relative, percentagePoints, provisional),
            // This year at least c, last year exactly p: the change is at least c − p — an increase, when that is one.
            (var now, Qualifier.Exact) when LowerBound(now) && absolute > 0 => new(Comparability.AtLeast, absolute, relative, percentagePoints, provisional),
            // This year exactly c, last year at least p: the change is at most c − p — a decrease, when that is one.
            (Qualifier.Exact, var then) when LowerBound(then) && absolute < 0 => new(Comparability.AtLeast, absolute, relative, percentagePoints, provisional),
            _ => new(Comparability.Approximate, null, null, percentagePoints),
        };
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
