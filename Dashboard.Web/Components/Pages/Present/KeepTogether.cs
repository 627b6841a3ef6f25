using System.Text.RegularExpressions;

namespace Dashboard.Web.Components.Pages.Present;

/// <summary>
/// Where a line of Chinese text must not break on a wall screen. Chinese may break between any two characters, so a
/// figure ends up as 524余 on one line and 场 on the next, or 百 / 分点, or 村（社 / 区）. These stretches are kept on one
/// line: a figure with its qualifier and unit (524余场, 3000余份, 50场以上, −1.5个百分点, 91.67%), and a short
/// parenthesis with the character before it (村（社区）).
/// </summary>
public static partial class KeepTogether
{
    /// <summary>The text in pieces, each marked whether it must stay on one line.</summary>
    public static IEnumerable<(string Text, bool Keep)> Segments(string text)
    {
        var at = 0;
        foreach (Match match in Unbreakable().Matches(text))
        {
            if (match.Index > at) yield return (text[at..match.Index], false);
            yield return (match.Value, true);
            at = match.Index + match.Length;
        }
        if (at < text.Length) yield return (text[at..], false);
    }

    // A figure: 约/近, a sign, digits, 余/多, a unit (个百分点, %, or up to two characters), 以上/左右. Or a short parenthesis
    // with the character it belongs to: 村（社区）, （+2.1%）.
    [GeneratedRegex(@"(?:约|近)?[+−-]?[0-9][0-9.,]*(?:余|多)?(?:个百分点|[%％]|(?:(?!以上|左右)\p{IsCJKUnifiedIdeographs}){1,2})?(?:以上|左右)?|\p{IsCJKUnifiedIdeographs}?（[^（）]{1,8}）")]
    private static partial Regex Unbreakable();
}
