using System.Reflection;

namespace Dashboard.Web.Security;

/// <summary>
/// What a password must be: at least <see cref="SecurityOptions.MinimumPasswordLength"/> characters, not one of the
/// passwords everybody tries first (a built-in list of those long enough to pass the length rule: 1234567890,
/// password123, 1qaz2wsx3edc …), not one character repeated or a run of the keyboard or the alphabet, not the user
/// name — and not easy to guess by a strength estimator (zxcvbn: score at least <see cref="MinimumScore"/>) that knows
/// the user name, the organizations' names and codes (罗星街道, luoxing) and the product's own words, so that
/// adminadmin, passwordpassword, abc123abc123 and Luoxing@2024 are refused.
/// </summary>
public static class PasswordRules
{
    private static readonly HashSet<string> Common = LoadCommon();

    /// <summary>
    /// zxcvbn's score (0–4) a password must reach: 2 keeps out what can be guessed in under about a million tries,
    /// which the sign-in's growing waits turn into years.
    /// </summary>
    public const int MinimumScore = 2;

    /// <summary>Words of the product and of its users' world that a guesser tries with a name and a year.</summary>
    private static readonly string[] ProductWords =
    [
        "admin", "administrator", "dashboard", "password", "kanban", "fazhi", "zhengfu", "fazhizhengfu", "jiedao", "zhen",
        "xiang", "sifa", "sifasuo", "gov", "法治", "政府", "看板", "街道", "管理员", "司法所",
    ];

    /// <summary>
    /// The reason a password cannot be used, in the words the form shows; null when it can. <paramref name="context"/>:
    /// the words a guesser would try for this install (organization names and codes).
    /// </summary>
    public static string? Problem(string? password, string? userName, IEnumerable<string>? context = null)
    {
        if (string.IsNullOrEmpty(password)) return "请输入密码。";
        if (password.Length < SecurityOptions.MinimumPasswordLength) return $"密码至少需要 {SecurityOptions.MinimumPasswordLength} 个字符。";
        if (password.Length > 256) return "密码不能超过 256 个字符。";
        var lower = password.ToLowerInvariant();
        var name = Dashboard.Data.Users.UserNames.Normalize(userName).ToLowerInvariant();
        if (name.Length >= 3 && lower.Contains(name, StringComparison.Ordinal)) return "密码不能包含用户名。";
        if (Common.Contains(lower) || IsRun(lower)) return "这个密码太常见，很容易被猜到；请换一个不易猜的密码（例如几个词加数字）。";
        var inputs = ProductWords.Concat(context ?? []).Append(name).Where(w => w.Length > 0).Select(w => w.ToLowerInvariant()).Distinct();
        if (Zxcvbn.Zxcvbn.MatchPassword(password, inputs).Score < MinimumScore)
        {
            return "这个密码很容易被猜到（如重复的词、键盘上连续的键、常见密码、单位名称或用户名加年份）；请换一个更长、不易猜的密码，例如几个不相关的词加数字。";
        }
        return null;
    }

    /// <summary>One character repeated, or each character one after the previous (0123456789, abcdefghij, 9876543210).</summary>
    private static bool IsRun(string password)
    {
        var steps = password.Zip(password.Skip(1), (a, b) => b - a).Distinct().ToList();
        return steps is [0] or [1] or [-1];
    }

    private static HashSet<string> LoadCommon()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Security.common-passwords.txt")!;
        using var reader = new StreamReader(stream);
        return [.. reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith('#')).Select(line => line.ToLowerInvariant())];
    }
}
