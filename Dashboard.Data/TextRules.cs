using System.Globalization;

namespace Dashboard.Data;

/// <summary>Rules every stored text obeys, whatever sent it.</summary>
public static class TextRules
{
    /// <summary>
    /// What is wrong with invisible characters in <paramref name="text"/>, naming <paramref name="what"/> and where
    /// the first one is; null when there are none. Control characters other than line breaks and tabs, and format
    /// characters (Unicode Cf: zero-width spaces and joiners, right-to-left overrides, a byte-order mark) change how
    /// text looks or reads without being seen — "editor\u200b" shows as "editor".
    /// </summary>
    public static string? InvisibleCharacterProblem(string? text, string what)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var line = 1;
        foreach (var c in text)
        {
            if (c == '\n') line++;
            if (IsInvisible(c))
            {
                var where = text.Contains('\n') ? $"，第 {line} 行" : "";
                return $"{what}含有不可见的字符（U+{(int)c:X4}{where}），请删除后再保存。";
            }
        }
        return null;
    }

    /// <summary>
    /// The text in NFKC (full-width letters and digits as their plain forms), or null when it is not valid Unicode
    /// (a lone surrogate, which normalising refuses).
    /// </summary>
    public static string? NormalizeCompatible(string text)
    {
        try
        {
            return text.Normalize(System.Text.NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    public static bool IsInvisible(char c) =>
        (char.IsControl(c) && c is not ('\n' or '\r' or '\t')) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;
}
