using System.Text.RegularExpressions;

namespace Dashboard.Data.Reports;

/// <summary>
/// Personal names a report's text contains. The report names people (the applicants for administrative
/// reconsideration, for example); the dashboard keeps counts, never people, and where the text is shown to an
/// audience each name is masked as courts publish them: the surname and 某某 (任建新 → 任某某).
/// </summary>
public static partial class PersonalNames
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

    /// <summary>
    /// The names a report's text seems to contain, proposed for masking when a report is imported (the editor
    /// confirms): a name after 申请人/当事人/原告… (申请人任建新), and the names of a breakdown in brackets in a sentence
    /// about reconsideration, litigation or petitions (行政复议案件7件（任建新6件，陈兴1件）). A name here is two or
    /// three characters starting with a common surname.
    /// </summary>
    public static IReadOnlyList<string> Find(string text)
    {
        var names = new List<string>();
        foreach (Match match in AfterRole().Matches(text))
        {
            Add(match.Groups["name"].Value);
        }
        foreach (Match bracket in Bracket().Matches(text))
        {
            var sentenceStart = Math.Max(0, text.LastIndexOfAny(['。', '\n'], bracket.Index) + 1);
            if (!CaseWords().IsMatch(text[sentenceStart..bracket.Index])) continue;
            foreach (var item in bracket.Groups["items"].Value.Split(['，', ',', '、', '；', ';']))
            {
                if (CountedName().Match(item.Trim()) is { Success: true } counted) Add(counted.Groups["name"].Value);
            }
        }
        return names;

        void Add(string name)
        {
            if (name.Length >= 2 && Surnames.Contains(name[0]) && !NotNames.Contains(name[^1]) && !names.Contains(name)) names.Add(name);
        }
    }

    private const string Surnames =
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施牛樊葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝";

    /// <summary>Last characters of places, bodies and kinds of case, never of a name (王家村, 陈家湾社区, 刘庄组).</summary>
    private const string NotNames = "村组社区镇街乡县市局所站队湾庄坝院校办科室处会委厅部类件案审";

    [GeneratedRegex(@"(?:被申请人|申请人|当事人|原告|被告|信访人|申诉人|第三人)[：:]?[（(]?(?<name>[\u4e00-\u9fff]{2,3}?)(?=[）)，,、。；;：\s0-9０-９]|$|对|不服|因|向|于|称|认为|诉|申请|提出|撤回|已|与|等)")]
    private static partial Regex AfterRole();

    [GeneratedRegex(@"[（(](?<items>[^（）()\n]{3,80})[）)]")]
    private static partial Regex Bracket();

    [GeneratedRegex(@"^(?<name>[\u4e00-\u9fff]{2,3})[0-9０-９]+\s?[件起次人项宗]")]
    private static partial Regex CountedName();

    [GeneratedRegex("复议|诉讼|应诉|信访|申请人|当事人|原告|被告|投诉|举报")]
    private static partial Regex CaseWords();
}
