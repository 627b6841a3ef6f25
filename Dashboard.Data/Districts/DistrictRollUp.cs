using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;

namespace Dashboard.Data.Districts;

/// <summary>How one organization's figure stands against the district's median, by the indicator's direction.</summary>
public enum Standing { None, Better, Worse }

/// <summary>
/// One indicator across the organizations of a district, as these reports allow it to be added up: counts and stocks
/// are summed with what their qualifiers say (524余 + 45 = 569余: the sum of "more than" is "more than"; anything
/// approximate makes the sum approximate), a rate is never summed (its range and median), a yes/no is counted
/// (12 of 14). A missing figure is missing, and counted as such (<see cref="Reported"/> of <see cref="Expected"/>).
/// </summary>
/// <param name="Expected">The organizations that report this indicator (not left out by their choice).</param>
/// <param name="Reported">Of those, the ones with a figure for the year.</param>
/// <param name="Sum">Counts and stocks: the sum of the reported figures, qualified; null for rates and yes/no.</param>
/// <param name="Median">Counts, stocks and rates: the median of the reported figures.</param>
/// <param name="Yes">Yes/no: how many reported yes.</param>
/// <param name="Provisional">Any figure in it is provisional.</param>
/// <param name="Weighted">
/// A rate whose catalog entry says what it is a rate of (<see cref="Indicator.RateOfCode"/>), when every organization
/// that reported the rate also reported that count: the rates weighed by the counts (Σ rate × count / Σ count), 约 if
/// any of them is not exact. Null otherwise: a rate is never averaged blindly.
/// </param>
public sealed record DistrictRollUp(
    Indicator Indicator, int Expected, int Reported, FigureValue? Sum, decimal? Min, decimal? Max, decimal? Median, int Yes, bool Provisional,
    FigureValue? Weighted = null, string? WeightedBy = null)
{
    /// <param name="bases">For a rate, the count it is a rate of, of each organization in <paramref name="reported"/> (same order; null where missing).</param>
    /// <param name="baseName">The name of that count (what the weighted rate says it is weighed by).</param>
    public static DistrictRollUp Of(Indicator indicator, int expected, IReadOnlyList<FigureValue> reported, IReadOnlyList<FigureValue?>? bases = null, string? baseName = null)
    {
        var values = reported.Select(f => f.Value).Order().ToList();
        var provisional = reported.Any(f => f.Status == FigureStatus.Provisional);
        decimal? median = values.Count == 0 ? null
            : values.Count % 2 == 1 ? values[values.Count / 2]
            : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
        FigureValue? sum = null;
        if (indicator.Kind is IndicatorKind.Count or IndicatorKind.Stock && reported.Count > 0)
        {
            sum = new FigureValue { Value = values.Sum(), Qualifier = SumQualifier(reported.Select(f => f.Qualifier)), Status = provisional ? FigureStatus.Provisional : FigureStatus.Published };
        }
        FigureValue? weighted = null;
        if (indicator.Kind == IndicatorKind.Rate && indicator.RateOfCode is not null && bases is { } counts && counts.Count == reported.Count
            && reported.Count > 0 && counts.All(b => b is not null) && counts.Sum(b => b!.Value) > 0)
        {
            var total = counts.Sum(b => b!.Value);
            var exact = reported.Concat(counts.Select(b => b!)).All(f => f.Qualifier == Qualifier.Exact);
            weighted = new FigureValue
            {
                Value = Math.Round(reported.Zip(counts).Sum(p => p.First.Value * p.Second!.Value) / total, 1),
                Qualifier = exact ? Qualifier.Exact : Qualifier.About,
                Status = provisional || counts.Any(b => b!.Status == FigureStatus.Provisional) ? FigureStatus.Provisional : FigureStatus.Published,
            };
        }
        return new DistrictRollUp(indicator, expected, reported.Count, sum,
            values.Count > 0 ? values[0] : null, values.Count > 0 ? values[^1] : null,
            indicator.Kind == IndicatorKind.Flag ? null : median,
            indicator.Kind == IndicatorKind.Flag ? reported.Count(f => f.Value > 0) : 0, provisional, weighted, weighted is null ? null : baseName);
    }

    /// <summary>What the sum of figures so written may be called: exact only if every part is; "more than" if every part is at least what it says.</summary>
    public static Qualifier SumQualifier(IEnumerable<Qualifier> parts)
    {
        var all = parts.ToList();
        if (all.All(q => q == Qualifier.Exact)) return Qualifier.Exact;
        if (all.All(q => q is Qualifier.Exact or Qualifier.MoreThan or Qualifier.AtLeast))
        {
            return all.Any(q => q == Qualifier.MoreThan) ? Qualifier.MoreThan : Qualifier.AtLeast;
        }
        return Qualifier.About;
    }

    /// <summary>How <paramref name="value"/> stands against this roll-up's median, by the indicator's direction (none for neutral ones).</summary>
    public Standing StandingOf(decimal value) => Indicator.Direction switch
    {
        _ when Indicator.Kind == IndicatorKind.Flag => value > 0 ? Standing.Better : Standing.Worse,
        Direction.TargetZero => value == 0 ? Standing.Better : Standing.Worse,
        Direction.TargetFull when Indicator.Kind == IndicatorKind.Rate => value >= 100 ? Standing.Better : Standing.Worse,
        Direction.TargetFull when Median is { } full && Reported > 1 => value > full ? Standing.Better : value < full ? Standing.Worse : Standing.None,
        Direction.HigherBetter when Median is { } m && Reported > 1 => value > m ? Standing.Better : value < m ? Standing.Worse : Standing.None,
        Direction.LowerBetter when Median is { } m && Reported > 1 => value < m ? Standing.Better : value > m ? Standing.Worse : Standing.None,
        _ => Standing.None,
    };
}
