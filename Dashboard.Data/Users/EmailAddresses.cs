using System.Net.Mail;

namespace Dashboard.Data.Users;

/// <summary>
/// The rule for a user's notification address (通知邮箱), whatever sent it: empty (notifications stay in the app), or one
/// plain address — no name around it, no second address, nothing invisible — that the mail sender can hand to the
/// office's server. Typed with a Chinese input method it may come full-width (ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ): it is
/// stored in NFKC, as user names are.
/// </summary>
public static class EmailAddresses
{
    /// <summary>The longest address SMTP carries (RFC 5321: a path of 256 with its angle brackets).</summary>
    public const int MaxLength = 254;

    /// <summary>The address as it is stored: trimmed and in NFKC; empty for none.</summary>
    public static string Normalize(string? address)
    {
        var trimmed = (address ?? "").Trim();
        return (TextRules.NormalizeCompatible(trimmed) ?? trimmed).Trim();
    }

    /// <summary>What is wrong with <paramref name="address"/> (after <see cref="Normalize"/>), in the words a form shows; null when it can be stored.</summary>
    public static string? Problem(string? address)
    {
        if (TextRules.NormalizeCompatible((address ?? "").Trim()) is null)
        {
            return "邮箱地址含有无效的字符，请重新输入。";
        }
        var text = Normalize(address);
        if (text.Length == 0) return null;
        if (text.Length > MaxLength)
        {
            return $"邮箱地址太长（最多 {MaxLength} 个字符）。";
        }
        if (TextRules.InvisibleCharacterProblem(text, "邮箱地址") is { } invisible)
        {
            return invisible;
        }
        if (text.Any(char.IsWhiteSpace))
        {
            return "邮箱地址中不能有空格或换行；只填写一个地址。";
        }
        // MailAddress also takes "张三 <a@b.cn>" and quoted forms: only the bare address itself is an address here.
        if (!MailAddress.TryCreate(text, out var parsed) || parsed.Address != text || parsed.DisplayName.Length > 0
            || !parsed.Host.Contains('.') || parsed.Host.StartsWith('.') || parsed.Host.EndsWith('.'))
        {
            return $"“{text}”不是有效的邮箱地址，请写成 zhangsan@example.gov.cn 的形式。";
        }
        return null;
    }
}
