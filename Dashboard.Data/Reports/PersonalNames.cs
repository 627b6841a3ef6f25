namespace Dashboard.Data.Reports;

/// <summary>
/// Personal names a report's text contains. The report names people (the applicants for administrative
/// reconsideration, for example); the dashboard keeps counts, never people, and where the text is shown to an
/// audience each name is masked as courts publish them: the surname and 某某 (任建新 → 任某某).
/// </summary>
public static class PersonalNames
{
    public const int MaxLength = 1000;
    public const int MaxNameLength = 10;

    private static readonly char[] Separators = ['、', ',', '，', ';', '；', ' ', '\u3000', '\n', '\r', '\t'];

    /// <summary>The names of a list as typed ("任建新、陈兴", commas or spaces also work), each once.</summary>
    public static IReadOnlyList<string> Parse(string? list) =>
        (list ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();

    /// <summary>The list as stored: names separated by 、.</summary>
    public static string Normalize(string? list) => string.Join("、", Parse(list));

    /// <summary>What is wrong with a typed list, in words for the editor; empty when nothing is.</summary>
    public static IReadOnlyList<string> Check(string? list)
    {
        if ((list ?? "").Length > MaxLength)
        {
            return [$"人名列表不能超过 {MaxLength} 个字。"];
        }
        var problems = new List<string>();
        foreach (var name in Parse(list))
        {
            if (name.Length is < 2 || name.Length > MaxNameLength)
            {
                problems.Add($"“{Shorten(name)}”不像一个人名：每个人名 2 到 {MaxNameLength} 个字，用顿号分隔。");
            }
        }
        return problems;
    }

    /// <summary><paramref name="text"/> with every listed name masked: the surname stays, the rest becomes 某某.</summary>
    public static string Mask(string text, string? list)
    {
        // Longer names first, so that 任建新 is not left as 任某某新 by a listed 任建.
        foreach (var name in Parse(list).OrderByDescending(n => n.Length))
        {
            text = text.Replace(name, Masked(name), StringComparison.Ordinal);
        }
        return text;
    }

    /// <summary>
    /// The report as a visitor may read it: every listed name masked. Signed-in users read it as written; the
    /// presentation screen masks for its audience whoever is signed in.
    /// </summary>
    public static Report MaskedForVisitors(Report report) =>
        report.PersonalNames.Length == 0 ? report : report with { Body = Mask(report.Body, report.PersonalNames), Title = Mask(report.Title, report.PersonalNames) };

    /// <summary>任建新 → 任某某; a two-character compound surname (欧阳, 司马 …) keeps both characters.</summary>
    public static string Masked(string name) =>
        (name.Length > 3 && CompoundSurnames.Contains(name[..2]) ? name[..2] : name[..1]) + "某某";

    private static readonly HashSet<string> CompoundSurnames =
        ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "轩辕", "令狐", "端木", "独孤", "南宫", "西门"];

    private static string Shorten(string name) => name.Length > 12 ? name[..12] + "…" : name;
}
