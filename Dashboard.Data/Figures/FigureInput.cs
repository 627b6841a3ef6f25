using System.Globalization;
using System.Text.RegularExpressions;
using Dashboard.Data.Catalog;

namespace Dashboard.Data.Figures;

/// <summary>What a clerk typed for a figure, understood.</summary>
/// <param name="Value">The number.</param>
/// <param name="Qualifier">How it is written when the words say so (524余 → more than); null for a plain number.</param>
public sealed record TypedFigure(decimal Value, Qualifier? Qualifier);

/// <summary>
/// Reads a figure as clerks type it: plain numbers in ASCII or full-width digits (１２３, １２３．５), with group
/// separators (1,234 or 1，234), or the figure as the report writes it (23000余, 50场以上, 约50, 近50件, 99.5%, 清零),
/// in which case the words give the qualifier.
/// </summary>
public static partial class FigureInput
{
    /// <summary>What the form says when it cannot read the text.</summary>
    public const string Hint = "请输入数字（如 811、99.5），或按报告的写法（如 524余、50场以上、约50）。";

    /// <summary>What the form says when it cannot read the text typed for this indicator.</summary>
    public static string HintFor(Indicator indicator) => indicator.Kind == IndicatorKind.Flag ? "请填 1（是）或 0（否）。" : Hint;

    /// <summary>The figure typed, or null when the text is no figure for this indicator.</summary>
    public static TypedFigure? Parse(string? typed, Indicator indicator)
    {
        var text = Normalize(typed);
        if (text.Length == 0) return null;
        if (TryParseNumber(text, out var plain)) return new TypedFigure(plain, null);
        if (text == "清零" && indicator.Kind != IndicatorKind.Rate) return new TypedFigure(0, Qualifier.Exact);
        if (indicator.Kind == IndicatorKind.Flag && text is "是" or "否") return new TypedFigure(text == "是" ? 1 : 0, Qualifier.Exact);

        var match = AsWritten().Match(text);
        if (!match.Success) return null;
        var unit = match.Groups["unit"].Value;
        var unitFits = unit.Length == 0 || unit == indicator.Unit || (unit == "%" && indicator.Kind == IndicatorKind.Rate);
        var qualifiers = new[] { "about", "under", "more", "atleast", "around" }.Count(name => match.Groups[name].Success);
        if (!unitFits || qualifiers > 1 || !TryParseNumber(match.Groups["number"].Value, out var value)) return null;
        var qualifier = match.Groups["more"].Success ? Qualifier.MoreThan
            : match.Groups["atleast"].Success ? Qualifier.AtLeast
            : match.Groups["about"].Success || match.Groups["around"].Success ? Qualifier.About
            : match.Groups["under"].Success ? Qualifier.JustUnder
            : Qualifier.Exact;
        return new TypedFigure(value, qualifier);
    }

    /// <summary>A plain number: ASCII or full-width digits, an optional decimal part, group separators in threes.</summary>
    public static bool TryParseNumber(string? typed, out decimal value)
    {
        var text = Normalize(typed);
        if (Grouped().IsMatch(text)) text = text.Replace(",", "", StringComparison.Ordinal);
        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)
               && text.Length <= 32;
    }

    /// <summary>Full-width forms as their plain ones (NFKC: １２３．５ → 123.5, ，→ ,), spaces gone; "" for text that is not valid Unicode.</summary>
    private static string Normalize(string? typed) =>
        string.Concat((TextRules.NormalizeCompatible(typed ?? "") ?? "").Where(c => !char.IsWhiteSpace(c)));

    [GeneratedRegex(@"^-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$")]
    private static partial Regex Grouped();

    // 约50场, 近50件, 524余场, 50场以上, 50余, 99.5%, 50场左右 — the number once, its qualifier and unit around it.
    [GeneratedRegex(@"^(?:(?<about>约)|(?<under>近))?(?<number>[0-9][0-9,]*(?:\.[0-9]+)?)(?:(?<more>余|多))?(?<unit>%|(?!以上|左右)[\p{IsCJKUnifiedIdeographs}]{1,2}?)?(?:(?<atleast>以上)|(?<around>左右))?$")]
    private static partial Regex AsWritten();
}
