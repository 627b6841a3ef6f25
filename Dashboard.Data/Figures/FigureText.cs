using System.Globalization;
using System.Text.RegularExpressions;
using Dashboard.Data.Catalog;

namespace Dashboard.Data.Figures;

/// <summary>Writes figures the way these reports do (811件, 524余场, 50场以上, 约50场, 近50场, 100%, 清零) and reads them back.</summary>
public static partial class FigureText
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    /// <summary>The figure with its unit, as the report would write it.</summary>
    public static string Format(decimal value, Qualifier qualifier, Indicator indicator)
    {
        if (indicator.Kind == IndicatorKind.Flag)
        {
            return value == 0 ? "否" : "是";
        }
        if (value == 0 && qualifier == Qualifier.Exact && indicator is { Direction: Direction.TargetZero, Kind: IndicatorKind.Stock })
        {
            return "清零";
        }
        return Format(value, qualifier, indicator.Unit);
    }

    /// <summary>The number with its qualifier and unit: 524余场, 50场以上, 约50场. Without a unit: 524余.</summary>
    public static string Format(decimal value, Qualifier qualifier, string unit = "")
    {
        // Reports write 23000余件, not 23,000余件: no group separators.
        var number = Number(value);
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

    /// <summary>
    /// The change against the previous year: +11件（+1.4%）, −1.5个百分点, 持平, 至少+370件 (a bound: one side is written
    /// with 余 or 以上); null when not comparable.
    /// </summary>
    public static string? FormatChange(YearChange change, Indicator indicator)
    {
        if (change is { Comparability: Comparability.AtLeast, Absolute: { } bound })
        {
            var direction = bound > 0 ? "+" : "−";
            return $"至少{direction}{Number(Math.Abs(bound))}{(change.InPercentagePoints ? "个百分点" : indicator.Unit)}";
        }
        if (change is not { Comparability: Comparability.Comparable, Absolute: { } absolute })
        {
            return null;
        }
        if (absolute == 0)
        {
            return "持平";
        }
        var sign = absolute > 0 ? "+" : "−";
        if (change.InPercentagePoints)
        {
            return $"{sign}{Number(Math.Abs(absolute))}个百分点";
        }
        var text = $"{sign}{Number(Math.Abs(absolute))}{indicator.Unit}";
        return change.Relative is { } relative ? $"{text}（{sign}{Number(Math.Round(Math.Abs(relative) * 100, 1))}%）" : text;
    }

    /// <summary>Why a change cannot be stated, in the words a leader reads on a tile.</summary>
    public static string NotComparableReason(Comparability comparability) => comparability switch
    {
        Comparability.Missing => "上年无数据",
        Comparability.Approximate => "约数，不宜比较",
        Comparability.NotApplicable => "",
        _ => "",
    };

    /// <summary>
    /// The value a report's words state: "调解成功率100%" → 100 exact; "524余场" → 524 more than; "清零" or
    /// "未发生" → 0. Null when the words state no number.
    /// </summary>
    public static (decimal Value, Qualifier Qualifier)? ParseStated(string text)
    {
        var match = Numeral().Match(text);
        if (!match.Success)
        {
            return ZeroWords().IsMatch(text) ? (0m, Qualifier.Exact) : null;
        }

        if (!decimal.TryParse(match.Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return null; // more digits than any figure has
        }
        var before = text[..match.Index];
        var after = text[(match.Index + match.Length)..];
        var qualifier = after.StartsWith('余') || after.StartsWith('多') ? Qualifier.MoreThan
            : after.Contains("以上", StringComparison.Ordinal) ? Qualifier.AtLeast
            : before.EndsWith('约') || after.Contains("左右", StringComparison.Ordinal) ? Qualifier.About
            : before.EndsWith('近') ? Qualifier.JustUnder
            : Qualifier.Exact;
        return (value, qualifier);
    }

    private static string Number(decimal value) => value.ToString("0.##", Chinese);

    // ASCII digits only: \d would also take ١٢٣ or １２３, which decimal.Parse does not read.
    [GeneratedRegex(@"[0-9]+(?:\.[0-9]+)?")]
    private static partial Regex Numeral();

    [GeneratedRegex("清零|无发生|未发生")]
    private static partial Regex ZeroWords();
}
