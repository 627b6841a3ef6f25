using System.Reflection;

namespace Dashboard.Web.Security;

/// <summary>
/// What a password must be: at least <see cref="SecurityOptions.MinimumPasswordLength"/> characters, not one of the
/// passwords everybody tries first (a built-in list of those long enough to pass the length rule: 1234567890,
/// password123, 1qaz2wsx3edc …), not one character repeated or a run of the keyboard or the alphabet, and not the
/// user name.
/// </summary>
public static class PasswordRules
{
    private static readonly HashSet<string> Common = LoadCommon();

    /// <summary>The reason a password cannot be used, in the words the form shows; null when it can.</summary>
    public static string? Problem(string? password, string? userName)
    {
        if (string.IsNullOrEmpty(password)) return "请输入密码。";
        if (password.Length < SecurityOptions.MinimumPasswordLength) return $"密码至少需要 {SecurityOptions.MinimumPasswordLength} 个字符。";
        if (password.Length > 256) return "密码不能超过 256 个字符。";
        var lower = password.ToLowerInvariant();
        var name = Dashboard.Data.Users.UserNames.Normalize(userName).ToLowerInvariant();
        if (name.Length >= 3 && lower.Contains(name, StringComparison.Ordinal)) return "密码不能包含用户名。";
        if (Common.Contains(lower) || IsRun(lower)) return "这个密码太常见，很容易被猜到；请换一个不易猜的密码（例如几个词加数字）。";
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
