using System.Globalization;

namespace Dashboard.Data.Figures;

/// <summary>Writes a figure the way these reports do: 811件, 524余场, 50场以上, 约50场, 近50场, 100%.</summary>
public static class FigureText
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    public static string Format(decimal value, Qualifier qualifier, IndicatorKind kind, string unit)
    {
        if (kind == IndicatorKind.Flag)
        {
            return value == 0 ? "否" : "是";
        }

        // Reports write 23000余件, not 23,000余件: no group separators.
        var number = value.ToString("0.##", Chinese);
        return qualifier switch
        {
            Qualifier.Exact => $"{number}{unit}",
            Qualifier.MoreThan => $"{number}余{unit}",
            Qualifier.AtLeast => $"{number}{unit}以上",
            Qualifier.About => $"约{number}{unit}",
            Qualifier.JustUnder => $"近{number}{unit}",
            _ => throw new ArgumentOutOfRangeException(nameof(qualifier), qualifier, null),
        };
    }
}
