namespace Dashboard.Data.Import;

/// <summary>Chinese numerals as reports write counts: 两, 十二, 一百二十, 三千五百, 近百 (百 alone is 100), 〇 and 零 inside.</summary>
public static class ChineseNumerals
{
    private static readonly Dictionary<char, int> Digits = new()
    {
        ['零'] = 0, ['〇'] = 0, ['一'] = 1, ['二'] = 2, ['两'] = 2, ['三'] = 3, ['四'] = 4,
        ['五'] = 5, ['六'] = 6, ['七'] = 7, ['八'] = 8, ['九'] = 9,
    };

    private static readonly Dictionary<char, int> Multipliers = new() { ['十'] = 10, ['百'] = 100, ['千'] = 1000 };

    public const string Characters = "零〇一二两三四五六七八九十百千";

    /// <summary>The value of <paramref name="text"/>, or null when it is not a well-formed numeral below 万.</summary>
    public static int? Parse(string text)
    {
        if (text.Length == 0 || text.Any(c => !Digits.ContainsKey(c) && !Multipliers.ContainsKey(c))) return null;
        if (!text.Any(Multipliers.ContainsKey))
        {
            // A digit string (二〇二四) or one digit (两).
            var value = 0;
            foreach (var c in text) value = value * 10 + Digits[c];
            return value;
        }
        var total = 0;
        int? digit = null;
        var lastMultiplier = int.MaxValue;
        foreach (var c in text)
        {
            if (Digits.TryGetValue(c, out var d))
            {
                if (d == 0) continue;            // 一百零五: the zero only holds a place
                if (digit is not null) return null;
                digit = d;
            }
            else
            {
                var m = Multipliers[c];
                if (m >= lastMultiplier) return null;
                total += (digit ?? 1) * m;
                digit = null;
                lastMultiplier = m;
            }
        }
        return total + (digit ?? 0);
    }
}
