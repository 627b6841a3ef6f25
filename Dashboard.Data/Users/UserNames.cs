namespace Dashboard.Data.Users;

/// <summary>
/// What a user name may be. Names appear in every figure's history as its author, so one must not pass for another:
/// a name is normalised (NFKC: full-width ａｄｍｉｎ is admin) before it is stored, looked up or compared, and may hold
/// only Chinese characters, ASCII letters and digits and . _ - @ — no invisible characters (editor​ with a zero-width
/// space shows as editor), no right-to-left overrides, no look-alike letters of other alphabets (Cyrillic а).
/// </summary>
public static class UserNames
{
    public const int MaxLength = 64;

    /// <summary>The name as stored and looked up (text that is not valid Unicode stays as it is, and is refused).</summary>
    public static string Normalize(string? name) => TextRules.NormalizeCompatible((name ?? "").Trim()) ?? (name ?? "").Trim();

    /// <summary>The reason a name cannot be used, in the words the form shows; null when it can.</summary>
    public static string? Problem(string? name)
    {
        var normalized = Normalize(name);
        return normalized switch
        {
            "" => "请输入用户名。",
            { Length: > MaxLength } => $"用户名不能超过 {MaxLength} 个字符。",
            _ when normalized.Any(c => char.IsWhiteSpace(c) || TextRules.IsInvisible(c)) => "用户名不能包含空格或不可见的字符。",
            _ when TextRules.NormalizeCompatible(normalized) is null => "用户名含有无法识别的字符。",
            _ when !normalized.All(IsAllowed) => "用户名只能包含汉字、英文字母、数字和 . _ - @（其他文字中形似英文字母的字符容易冒充他人）。",
            _ => null,
        };
    }

    private static bool IsAllowed(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@'
        || c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf' or '〇';
}
