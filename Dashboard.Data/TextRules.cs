using System.Globalization;
using System.Text;

namespace Dashboard.Data;

/// <summary>Rules every stored text obeys, whatever sent it.</summary>
public static class TextRules
{
    /// <summary>The text of a file (a sheet, a report) — UTF-8 (with or without a byte-order mark) when the bytes are valid UTF-8; otherwise GB18030, which includes GBK.</summary>
    public static string Decode(byte[] bytes)
    {
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            return new UTF8Encoding(false, true).GetString(bytes, 3, bytes.Length - 3);
        }
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("GB18030").GetString(bytes);
        }
    }

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

    /// <summary>
    /// Chinese characters written with the code points of look-alike radicals or compatibility ideographs, as a PDF's
    /// text layer often has them: a font draws 工 and the Kangxi radical ⼯ (U+2F2F) with one glyph, and a producer
    /// that maps the glyph back to text picks the first code point (Chromium does: ⼯作, ⼈⺠). Such text reads the same
    /// but matches no word — 人 is not ⼈ — so it is written with the unified ideographs again (and the few traditional
    /// forms that share a glyph with their simplified form, 戶 for 户). Nothing else changes (full-width punctuation stays).
    /// </summary>
    public static string UnifyIdeographs(string text)
    {
        if (!text.Any(c => c is >= '\u2E80' and <= '\u2FDF' or >= '\uF900' and <= '\uFAFF' || RadicalsSupplement.ContainsKey(c))) return text;
        var unified = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            var written = c switch
            {
                >= '\u2F00' and <= '\u2FDF' => c.ToString().Normalize(System.Text.NormalizationForm.FormKC),
                >= '\uF900' and <= '\uFAFF' => c.ToString().Normalize(System.Text.NormalizationForm.FormC),
                _ => c.ToString(),
            };
            // The Kangxi radical ⼾ is 戶 in NFKC: the variants apply after it.
            foreach (var character in written)
            {
                unified.Append(RadicalsSupplement.TryGetValue(character, out var ideograph) ? ideograph : character);
            }
        }
        return unified.ToString();
    }

    /// <summary>
    /// The radicals of the CJK Radicals Supplement that are whole characters of modern Chinese, with the ideograph each
    /// stands for (Unicode's EquivalentUnifiedIdeograph.txt); the Kangxi radicals have NFKC mappings of their own.
    /// A simplified-Chinese report never means any of these as written.
    /// </summary>
    private static readonly Dictionary<char, char> RadicalsSupplement = new()
    {
        // Not radicals, the same mistake: traditional forms a simplified-Chinese font draws with the simplified glyph,
        // and the horizontal bar GB 2312's dash is often mapped to (— is U+2014).
        ['戶'] = '户', ['內'] = '内', ['呂'] = '吕', ['兌'] = '兑', ['稅'] = '税', ['脫'] = '脱', ['悅'] = '悦', ['\u2015'] = '—',
        ['\u2E9F'] = '母', ['\u2EA0'] = '民', ['\u2EA7'] = '牛', ['\u2EA9'] = '王', ['\u2EAB'] = '目', ['\u2EAC'] = '示',
        ['\u2EB6'] = '羊', ['\u2EBC'] = '肉', ['\u2EC1'] = '虎', ['\u2EC4'] = '西', ['\u2EC5'] = '见', ['\u2EC6'] = '角',
        ['\u2EC9'] = '贝', ['\u2ECB'] = '车', ['\u2ED3'] = '长', ['\u2ED4'] = '门', ['\u2ED7'] = '雨', ['\u2ED8'] = '青',
        ['\u2ED9'] = '韦', ['\u2EDA'] = '页', ['\u2EDB'] = '风', ['\u2EDC'] = '飞', ['\u2EDD'] = '食', ['\u2EE2'] = '马',
        ['\u2EE3'] = '骨', ['\u2EE4'] = '鬼', ['\u2EE5'] = '鱼', ['\u2EE6'] = '鸟', ['\u2EE7'] = '卤', ['\u2EE8'] = '麦',
        ['\u2EE9'] = '黄', ['\u2EEA'] = '黾', ['\u2EEC'] = '齐', ['\u2EEE'] = '齿', ['\u2EF0'] = '龙', ['\u2EF3'] = '龟',
    };

    public static bool IsInvisible(char c) =>
        (char.IsControl(c) && c is not ('\n' or '\r' or '\t')) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;
}
