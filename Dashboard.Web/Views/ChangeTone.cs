using Dashboard.Data;
using Dashboard.Data.Figures;

namespace Dashboard.Web.Views;

/// <summary>Whether a change is good news, bad news, or neither — by the indicator's direction.</summary>
public enum ChangeTone { Neutral, Good, Bad }

public static class ChangeTones
{
    public static ChangeTone Of(YearSummaryRow row)
    {
        var direction = row.Indicator.Direction;
        // Targets are judged on the value itself: 清零 and 100% are good news whatever last year was.
        if (row.Current is { Qualifier: Qualifier.Exact } current)
        {
            if (direction == Direction.TargetZero) return current.Value == 0 ? ChangeTone.Good : ChangeTone.Bad;
            if (direction == Direction.TargetFull && row.Indicator.Kind is IndicatorKind.Rate or IndicatorKind.Flag)
                return current.Value >= (row.Indicator.Kind == IndicatorKind.Rate ? 100 : 1) ? ChangeTone.Good : ChangeTone.Bad;
        }
        if (row.Change is not { Comparability: Comparability.Comparable or Comparability.AtLeast, Absolute: { } change } || change == 0)
        {
            return ChangeTone.Neutral;
        }
        return direction switch
        {
            Direction.HigherBetter or Direction.TargetFull => change > 0 ? ChangeTone.Good : ChangeTone.Bad,
            Direction.LowerBetter or Direction.TargetZero => change < 0 ? ChangeTone.Good : ChangeTone.Bad,
            _ => ChangeTone.Neutral,
        };
    }
}
