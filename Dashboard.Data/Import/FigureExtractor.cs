using System.Globalization;
using System.Text.RegularExpressions;
using Dashboard.Data.Catalog;

namespace Dashboard.Data.Import;

/// <summary>
/// A figure the extractor found in a report: the number as a clerk would type it, how the report writes it, where,
/// and the indicator of the catalog it most likely states.
/// </summary>
/// <param name="Start">Offset of the numeral in the text.</param>
/// <param name="End">Offset after the numeral (its qualifier and unit not included).</param>
/// <param name="PartOf">The index of the total this figure is a part of (其中…, or a breakdown in brackets after it).</param>
public sealed record ProposedFigure(
    decimal Value, string Unit, Qualifier Qualifier, string Raw, int Start, int End, string Sentence,
    string? Indicator, double Confidence, int? PartOf);

/// <summary>
/// Reads the figures of a report's prose as these reports write them (see
/// docs/user-guide.md#how-the-reports-text-is-read): Arabic, full-width and Chinese numerals, 万/亿, percentages,
/// qualifiers before or after (约, 近, 逾, 超, 不足 / 余, 多, 以上, 左右), units (件, 人次, 场次, 万元 …), zero written as words (清零,
/// 无…发生) — and leaves out what is not a figure: years and dates, document numbers, ordinals and list markers, programme
/// names in quotes, thresholds (50万元以上项目), deadlines and durations, phone numbers, numbers inside titles 《…》, and
/// counts attached to a person's name. Each figure is mapped to the catalog by the indicator's name and aliases in the
/// words before it.
/// </summary>
public static partial class FigureExtractor
{
    /// <summary>Counter words and units, longest first (人次 before 人).</summary>
    private static readonly string[] Units =
    [
        "个百分点", "万人次", "人次", "场次", "件次", "户次", "家次", "批次", "余人", "万元", "亿元", "美元", "平方米", "平方公里", "公里",
        "个", "件", "次", "场", "份", "条", "人", "名", "期", "篇", "户", "家", "起", "项", "批", "所", "册", "本", "张",
        "幅", "块", "台", "处", "宗", "位", "元", "类", "支", "队", "轮", "课", "节", "堂", "封", "单", "道", "套", "部",
        "顿", "吨", "辆", "艘", "栋", "间", "座", "门", "把", "盏", "回", "例", "列", "声", "分", "%", "％",
    ];

    /// <summary>
    /// Counter words that count the same things: reports write cases as 件 or 起, events as 场, 场次 or 次, materials as
    /// 份, 本 or 册 — a figure in one fits an indicator kept in another.
    /// </summary>
    private static readonly string[][] SameCount =
    [
        ["件", "起", "宗", "例", "批次", "批"],
        ["场", "场次", "次", "期"],
        ["份", "本", "册", "张", "条", "篇"],
        ["人", "名", "人次", "位"],
        ["个", "家", "所", "处"],
    ];

    /// <summary>Whether a figure written in <paramref name="written"/> can state an indicator kept in <paramref name="kept"/>.</summary>
    public static bool Counts(string written, string kept) =>
        written == kept || SameCount.Any(same => same.Contains(written) && same.Contains(kept));

    /// <summary>Units that make a number a time, a date or a deadline, not a figure.</summary>
    private const string TimeUnits = "年|月|日|号|时|点|分钟|分|秒|小时|个工作日|工作日|个月|天|周岁|岁|届|季度|周";

    [GeneratedRegex(@"(?<pre>大约|约|近|逾|超过|超|不足|不到|至少)?(?<num>[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?|[零〇一二两三四五六七八九十百千]+|(?<=近|逾)万|万(?=[余多]))\s?(?<scale>万|亿)?(?<post1>余|多)?")]
    private static partial Regex Numeral();

    [GeneratedRegex(@"清零|零发生|零上访|零事故|零案件|零投诉|(?:无|未)(?:发生|出现)")]
    private static partial Regex ZeroWords();

    [GeneratedRegex(@"1[3-9]\d{9}|\d{3,4}[-－]\d{7,8}|\d{7,8}")]
    private static partial Regex PhoneNumber();

    /// <summary>
    /// Words that make what follows a plan or a goal, not a result of the year (力争调解成功率保持在95%以上, 镇里计划开展…,
    /// 拟新增…, 不少于…) — but not 争取 of what was won (争取上级资金), 拟定 (drafted), or a plan as a thing (按照学习计划组织…).
    /// </summary>
    [GeneratedRegex("力争|争取(?!上级|资金|项目|支持|到位)|(?<=^|[镇乡街道里年区县市村我])计划(?!生育|书|表|内|外)|拟(?![定订制稿])|不少于|不低于")]
    private static partial Regex GoalWords();

    [GeneratedRegex("(?:增加|减少|增长|下降|上升|提高|降低|增|减)了?$")]
    private static partial Regex Change();

    /// <summary>A qualifier before the verb of a number (每月至少开展3场次, 共约接待200人次): it qualifies the number.</summary>
    [GeneratedRegex("(?<word>至少|约|近|逾|超过)(?:开展|组织|举办|召开|接待|受理|办理|发放|达到|达|有)$")]
    private static partial Regex QualifierBeforeVerb();

    private static string QualifiedVerb(string text, int at)
    {
        var from = Math.Max(0, at - 6);
        return QualifierBeforeVerb().Match(text, from, at - from) is { Success: true } m ? m.Groups["word"].Value : "";
    }

    /// <summary>A sentence about the coming year: what follows these words in it is intended, not done.</summary>
    [GeneratedRegex("将继续|将进一步|将持续|下一步|下步|明年|来年")]
    private static partial Regex FutureWords();

    /// <summary>A heading of the part of a report that says what comes next (三、2025年工作打算, 下一步工作计划).</summary>
    [GeneratedRegex(@"^(?!.*(?:不足|问题|完成|落实|情况)).*(?:下一步|下步|明年|来年|\d{4}\s*年).{0,12}(?:打算|计划|思路|安排|重点|展望)")]
    private static partial Regex PlanHeading();

    /// <summary>
    /// The most figures an import reviews from one text: a report has tens to a few hundred — 200,000 pasted digits
    /// are no report, and a review of twenty thousand rows no help (see <see cref="Extract"/>'s limit).
    /// </summary>
    public const int MaxFigures = 2_000;

    /// <summary>The furthest the words around a number are looked for: longer than any sentence of a report.</summary>
    private const int Reach = 600;

    /// <param name="limit">Past this many figures the extractor stops, returning one more so that the caller can tell.</param>
    public static IReadOnlyList<ProposedFigure> Extract(string text, IReadOnlyList<Indicator> catalog, IReadOnlyCollection<string>? personalNames = null,
        int limit = int.MaxValue)
    {
        var figures = new List<ProposedFigure>();
        var blocked = Blocked(text, quotes: true);
        var titlesAndNumbers = Blocked(text, quotes: false);
        var plans = PlanSections(text);
        foreach (Match match in Numeral().Matches(text))
        {
            if (figures.Count > limit) break;
            var number = match.Groups["num"];
            if (IsBlocked(blocked, number.Index)) continue;
            var after = match.Index + match.Length;
            var unit = UnitAt(text, after);
            var afterUnit = after + unit.Length;
            var chinese = !char.IsAsciiDigit(Normalize(number.Value)[0]);
            var pre = match.Groups["pre"].Value;
            // 约 ending a word (村规民约, 公约, 合约) and 近 of 最近/附近 are not qualifiers.
            if (pre.Length > 0 && match.Index > 0 && IsHan(text[match.Index - 1])
                && ((pre == "约" && "民公合条契签履预节制规相邀特违".Contains(text[match.Index - 1])) || (pre == "近" && "最附".Contains(text[match.Index - 1]))))
            {
                pre = "";
            }
            var scale = match.Groups["scale"].Value;
            var post1 = match.Groups["post1"].Value;

            // What the number is followed by decides whether it is a figure at all.
            if (TimeUnitAt(text, match.Groups["scale"].Success ? match.Groups["scale"].Index + scale.Length : number.Index + number.Length) && unit.Length == 0) continue;
            if (chinese && (unit.Length == 0 || Preceded(text, number.Index, "第") || Preceded(text, number.Index, "之"))) continue;
            // 一 alone is an article in this prose (一项重要任务, 一起部署, 每一条, 合在一处, 每季度更新一次): a count of one is
            // written 1次.
            if (chinese && number.Value == "一") continue;
            if (!chinese && Preceded(text, number.Index, "第")) continue;
            // 六届七次、八次全会: the seventh and eighth plenary sessions.
            if (unit == "次" && (Preceded(text, number.Index, "届") || text.AsSpan(afterUnit).StartsWith("全会") || text.AsSpan(afterUnit).StartsWith("全体会议"))) continue;
            if (unit.Length == 0 && scale.Length == 0 && post1.Length == 0) continue;  // a bare number: an index, a code, a name
            if (IsListMarker(text, number.Index, number.Length)) continue;
            // 分 is a score (94.5分), except in a time of day (8时30分).
            if (unit == "分" && (Preceded(text, number.Index, "时") || Preceded(text, number.Index, "点"))) continue;

            var post2 = "";
            if (text.AsSpan(afterUnit).StartsWith("以上")) post2 = "以上";
            else if (text.AsSpan(afterUnit).StartsWith("左右")) post2 = "左右";
            else if (post1.Length == 0 && unit.Length > 0 && afterUnit < text.Length && text[afterUnit] is '余' or '多') post2 = text[afterUnit].ToString();
            // A threshold inside a phrase (50万元以上项目, 3人以上的): not a figure of the year.
            if (post2 == "以上" && afterUnit + 2 < text.Length && IsHan(text[afterUnit + 2])) continue;
            if (text.AsSpan(afterUnit).StartsWith("以下") || text.AsSpan(afterUnit).StartsWith("以内")) continue;
            // 1.2万 without a unit after it is still a figure; 万 before 元 is the unit 万元.
            // 万 alone is ten thousand (万余人, 近万人次).
            var value = number.Value == "万" ? 10_000 : chinese ? ChineseNumerals.Parse(number.Value) is { } n ? n : (decimal?)null : ParseArabic(number.Value);
            if (value is null) continue;
            var writtenUnit = unit;
            if (scale == "万" && unit is "元" or "美元") writtenUnit = "万" + unit;
            else if (scale == "亿" && unit is "元" or "美元") writtenUnit = "亿" + unit;
            else if (scale == "万") value *= 10_000;
            else if (scale == "亿") value *= 100_000_000;
            if (writtenUnit == "万人次") (writtenUnit, value) = ("人次", value * 10_000);
            if (writtenUnit == "余人") (writtenUnit, post1) = ("人", "余");
            if (writtenUnit == "％") writtenUnit = "%";
            var word = pre.Length > 0 ? pre : QualifiedVerb(text, match.Index);
            var qualifier = post1.Length > 0 || post2 is "余" or "多" || word is "逾" or "超" or "超过" ? Qualifier.MoreThan
                : post2 == "以上" || word == "至少" ? Qualifier.AtLeast
                : word is "约" or "大约" || post2 == "左右" ? Qualifier.About
                : word is "近" or "不足" or "不到" ? Qualifier.JustUnder
                : Qualifier.Exact;
            var rawStart = pre.Length == 0 ? number.Index : match.Index;
            var rawEnd = afterUnit + post2.Length;
            var clause = ClauseBefore(text, number.Index);
            if (IsPersonal(clause, personalNames)) continue;
            var sentence = SentenceStart(text, number.Index);
            if (GoalWords().IsMatch(clause) || FutureWords().IsMatch(text.AsSpan(sentence, number.Index - sentence)) || IsBlocked(plans, number.Index)) continue;
            var partOf = PartOf(text, number.Index, figures, writtenUnit);
            // A change (比上年增加2件, 同比下降5%) is a figure of its own, not the indicator's value.
            var (indicator, confidence) = Change().IsMatch(clause) ? (null, 0)
                : partOf is { } total && figures[total].Indicator is { } whole && Breakdown(text, number.Index, whole, catalog) is { Code: not null } part
                ? part
                : MatchAround(text, number.Index, clause, WordsAfter(text, rawEnd), writtenUnit, catalog, figures.Count > 0 ? figures[^1].End : 0);
            figures.Add(new ProposedFigure(value.Value, writtenUnit, qualifier, text[rawStart..rawEnd], number.Index, number.Index + number.Length,
                SentenceAround(text, number.Index), indicator, confidence, partOf));
        }

        // Zero written as words, where the words around it name an indicator (清零 always does: it is said of one).
        var zeroCatalog = catalog.Where(i => i.Direction is Direction.TargetZero or Direction.LowerBetter).ToList();
        foreach (Match match in ZeroWords().Matches(text))
        {
            // Quotes do not hide a zero: “清零” quotes the word for it.
            if (IsBlocked(titlesAndNumbers, match.Index)) continue;
            var clause = ClauseAround(text, match.Index);
            // Only what should not happen is counted by its absence (未发生…肇事肇祸: 0 incidents); 未发生因矛盾纠纷激化
            // 引发的刑事案件 says nothing about how many disputes were mediated.
            var (indicator, confidence) = Match(clause, null, zeroCatalog);
            // What did not happen is a zero even where the catalog has no indicator for it (未发生因执法不当引起的行政赔偿):
            // the review offers it as a new one. A 零 slogan (群众零投诉) is no figure unless it names an indicator.
            if (indicator is null && match.Value != "清零" && !(match.Value.StartsWith('未') && !IsBlocked(blocked, match.Index))) continue;
            figures.Add(new ProposedFigure(0, "", Qualifier.Exact, match.Value, match.Index, match.Index + match.Length,
                SentenceAround(text, match.Index), indicator, confidence, null));
        }

        // A yes/no indicator stated by its own words (实现基层法律服务全覆盖): 1.
        foreach (var flag in catalog.Where(i => i.Kind == IndicatorKind.Flag && !i.IsRetired))
        {
            foreach (var term in Terms(flag).Where(t => t.Length >= 4))
            {
                var at = text.IndexOf(term, StringComparison.Ordinal);
                if (at < 0 || IsBlocked(blocked, at)) continue;
                figures.Add(new ProposedFigure(1, "", Qualifier.Exact, term, at, at + term.Length, SentenceAround(text, at), flag.Code, 0.9, null));
                break;
            }
        }
        return figures.OrderBy(f => f.Start).ToList() is var ordered && ordered.SequenceEqual(figures) ? figures : Renumber(ordered, figures);
    }

    /// <summary>Keeps PartOf pointing at the same figures after ordering by position.</summary>
    private static List<ProposedFigure> Renumber(List<ProposedFigure> ordered, List<ProposedFigure> original) =>
        ordered.Select(f => f.PartOf is { } p ? f with { PartOf = ordered.IndexOf(original[p]) } : f).ToList();

    /// <summary>Spans whose numbers are never figures: titles 《…》, document numbers 〔…〕…号, quoted names “…”, phone numbers.</summary>
    private static List<(int Start, int End)> Blocked(string text, bool quotes)
    {
        var spans = new List<(int, int)>();
        void Pairs(char open, char close, int maxLength)
        {
            for (var i = text.IndexOf(open); i >= 0; i = text.IndexOf(open, i + 1))
            {
                var end = text.IndexOf(close, i + 1);
                if (end > i && end - i <= maxLength) spans.Add((i, end + 1));
            }
        }
        Pairs('《', '》', 80);
        Pairs('〔', '〕', 12);
        Pairs('[', ']', 12);
        Pairs('【', '】', 12);
        // A short quoted name (“1310”工作法, “一村（社区）一法律顾问”); a quoted course title with a year too.
        if (quotes)
        {
            Pairs('“', '”', 40);
            Pairs('"', '"', 40);
        }
        foreach (Match phone in PhoneNumber().Matches(text))
        {
            spans.Add((phone.Index, phone.Index + phone.Length));
        }
        // Merged into disjoint spans in order, so that a position is looked up, not compared with every span.
        var merged = new List<(int Start, int End)>();
        foreach (var (start, end) in spans.OrderBy(s => s.Item1))
        {
            if (merged.Count > 0 && start <= merged[^1].End) merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, end));
            else merged.Add((start, end));
        }
        return merged;
    }

    private static bool IsBlocked(List<(int Start, int End)> spans, int at)
    {
        int low = 0, high = spans.Count - 1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (spans[middle].End <= at) low = middle + 1;
            else if (spans[middle].Start > at) high = middle - 1;
            else return true;
        }
        return false;
    }

    private static string UnitAt(string text, int at)
    {
        var rest = text.AsSpan(at).TrimStart(' ');
        var skipped = text.Length - at - rest.Length;
        foreach (var unit in Units)
        {
            if (rest.StartsWith(unit, StringComparison.Ordinal))
            {
                // 个 is a unit only before what it counts (11个村): 个工作日 is a deadline, 个月 a duration.
                if (unit == "个" && (rest[1..].StartsWith("工作日") || rest[1..].StartsWith("月") || rest[1..].StartsWith("百分点"))) return "";
                // 分钟 is a duration.
                if (unit == "分" && rest[1..].StartsWith("钟")) return "";
                return skipped == 0 ? unit : text.Substring(at, skipped) is var spaces && spaces.Trim().Length == 0 ? unit : "";
            }
        }
        return "";
    }

    private static bool TimeUnitAt(string text, int at)
    {
        var rest = text.AsSpan(Math.Min(at, text.Length)).TrimStart(' ');
        return TimeUnitPattern().IsMatch(rest[..Math.Min(8, rest.Length)]);
    }

    [GeneratedRegex($"^(?:{TimeUnits})")]
    private static partial Regex TimeUnitPattern();

    private static bool Preceded(string text, int at, string word) =>
        at >= word.Length && text.AsSpan(at - word.Length, word.Length).SequenceEqual(word);

    private static bool IsListMarker(string text, int at, int length)
    {
        var lineStart = at == 0 || text[at - 1] is '\n' || (at >= 1 && text[at - 1] is '（' or '(' && (at == 1 || text[at - 2] == '\n'));
        var next = at + length < text.Length ? text[at + length] : ' ';
        return lineStart && next is '.' or '、' or '．' or '）' or ')';
    }

    private static decimal? ParseArabic(string text) =>
        decimal.TryParse(Normalize(text).Replace(",", "").Replace("，", ""), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string Normalize(string text) => text.Normalize(System.Text.NormalizationForm.FormKC);

    private static bool IsHan(char c) => c >= '\u4e00' && c <= '\u9fff';

    /// <summary>The words of the clause before a number, back to the last punctuation that ends a clause.</summary>
    private static string ClauseBefore(string text, int at)
    {
        var start = at;
        while (start > 0 && "。；;！？\n，,：:".IndexOf(text[start - 1]) < 0 && at - start < 40) start--;
        return text[start..at];
    }

    private static string ClauseAround(string text, int at)
    {
        var start = at;
        while (start > 0 && "。；;！？\n，,".IndexOf(text[start - 1]) < 0 && at - start < 40) start--;
        var end = at;
        while (end < text.Length && "。；;！？\n，,".IndexOf(text[end]) < 0 && end - at < 40) end++;
        return text[start..end];
    }

    /// <summary>Where the sentence a position is in begins (no further back than <see cref="Reach"/>).</summary>
    private static int SentenceStart(string text, int at)
    {
        var start = at;
        while (start > 0 && "。！？\n".IndexOf(text[start - 1]) < 0 && at - start < Reach) start--;
        return start;
    }

    private static string SentenceAround(string text, int at)
    {
        var start = SentenceStart(text, at);
        var end = at;
        while (end < text.Length && "。！？\n".IndexOf(text[end]) < 0 && end - at < Reach) end++;
        if (end < text.Length && text[end] != '\n') end++;
        return text[start..end].Trim();
    }

    /// <summary>A count attached to a person (任建新6件, in brackets after the total): the report names people, not indicators.</summary>
    private static bool IsPersonal(string clause, IReadOnlyCollection<string>? names)
    {
        var words = clause.TrimStart('（', '(', ' ').Trim();
        if (names is { Count: > 0 } && names.Any(n => n.Length > 0 && words.EndsWith(n, StringComparison.Ordinal))) return true;
        return words.StartsWith("申请人") || words.StartsWith("当事人");
    }

    /// <summary>The part of a total: after 其中 in the same sentence, or inside the brackets right after the total.</summary>
    private static int? PartOf(string text, int at, List<ProposedFigure> before, string unit)
    {
        if (before.Count == 0) return null;
        var sentenceStart = SentenceStart(text, at);
        var total = before.FindLastIndex(f => f.Start >= sentenceStart && f.PartOf is null && Counts(f.Unit, unit));
        if (total < 0) return null;
        var between = text[before[total].End..at];
        var opened = between.Count(c => c is '（' or '(') > between.Count(c => c is '）' or ')');
        return between.Contains("其中") || opened ? total : null;
    }

    private static IEnumerable<string> Terms(Indicator indicator) =>
        new[] { indicator.Name }.Concat(indicator.Aliases.Split('、', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>
    /// The indicator whose name or alias shares most of its character pairs with the words before the number (and the
    /// words it counts, when they follow it: 召开两次委员会会议), among those whose unit fits; the share is the
    /// confidence. None below one half. A rate fits only a name that says the same rate: the words right before the
    /// number name it (考试合格率 is not 参与率), given as <paramref name="rates"/>.
    /// </summary>
    private static (string? Code, double Confidence) Match(string clause, string? unit, IReadOnlyList<Indicator> catalog, string context = "",
        IReadOnlyList<string>? rates = null)
    {
        var pairs = Bigrams(clause);
        var around = Bigrams(context);
        rates ??= [];
        string? best = null;
        var bestScore = 0.0;
        var bestSameUnit = false;
        foreach (var indicator in catalog.Where(i => !i.IsRetired))
        {
            var fits = unit is null ? indicator.Kind != IndicatorKind.Rate
                : indicator.Kind == IndicatorKind.Rate ? unit == "%"
                : indicator.Kind == IndicatorKind.Flag ? false
                : Counts(unit, indicator.Unit);
            if (!fits) continue;
            var sameUnit = unit == indicator.Unit;
            foreach (var term in Terms(indicator))
            {
                var termPairs = Bigrams(term);
                if (termPairs.Count == 0) continue;
                if (rates.Count > 0 && !rates.Any(r => term.Contains(r, StringComparison.Ordinal))) continue;
                var score = termPairs.Count(pairs.Contains) / (double)termPairs.Count;
                // The section and the paragraph's lead decide between near names (平安宣传标语 / 普法宣传标语):
                // half of what they add, and only to a name the words before the number already half state.
                if (score >= 0.4 && around.Count > 0)
                {
                    var withContext = termPairs.Count(p => pairs.Contains(p) || around.Contains(p)) / (double)termPairs.Count;
                    score += (withContext - score) / 2;
                }
                if (clause.Contains(term, StringComparison.Ordinal)) score = 1;
                // At the same share, the indicator kept in the unit as written, then the longer name.
                if (score > bestScore || (score == bestScore && best is not null && (sameUnit && !bestSameUnit || sameUnit == bestSameUnit && term.Length > 4)))
                {
                    (best, bestScore, bestSameUnit) = (indicator.Code, score, sameUnit);
                }
            }
        }
        return bestScore >= 0.5 ? (best, Math.Round(bestScore, 2)) : (null, Math.Round(bestScore, 2));
    }

    /// <summary>
    /// The words before a number, and when they alone do not name an indicator surely, the sentence up to it (a name
    /// can sit in the clause before: 参加学法考试，参与率100%) — sure of that a little less.
    /// </summary>
    /// <param name="taken">Where the figure before ends: the words before it are its own (调处纠纷41起，化解39起: 39 is not 调处).</param>
    private static (string? Code, double Confidence) MatchAround(string text, int at, string clause, string after, string? unit, IReadOnlyList<Indicator> catalog,
        int taken)
    {
        var rates = unit == "%" ? RatesNamed(clause) : [];
        var near = Match(clause + " " + after, unit, catalog, Context(text, at), rates);
        if (near.Confidence >= 0.8) return near;
        var start = at - clause.Length;
        while (start > taken && "。！？\n；;".IndexOf(text[start - 1]) < 0 && at - start < 60) start--;
        if (start >= at - clause.Length) return near;
        var wide = Match(text[start..at] + " " + after, unit, catalog, rates: rates);
        var discounted = (wide.Code, Math.Round(wide.Confidence * 0.9, 2));
        return wide.Code is not null && discounted.Item2 > near.Confidence && discounted.Item2 >= 0.5 ? discounted : near;
    }

    /// <summary>
    /// What a number counts when the report names it after the number (召开两次委员会会议, 聘请1名律师担任法律顾问): the
    /// words right after its unit, to the end of the clause. None when the clause ends there.
    /// </summary>
    private static string WordsAfter(string text, int at)
    {
        if (at >= text.Length || !IsHan(text[at])) return "";
        var end = at;
        while (end < text.Length && "。；;！？\n，,：:、".IndexOf(text[end]) < 0 && end - at < 20) end++;
        return text[at..end];
    }

    /// <summary>The rates the words name (调处成功率, 化解率): each as its last two characters (功率, 解率).</summary>
    private static List<string> RatesNamed(string words)
    {
        var rates = new List<string>();
        for (var i = 1; i < words.Length; i++)
        {
            if (words[i] == '率' && IsHan(words[i - 1])) rates.Add(words.Substring(i - 1, 2));
        }
        return rates;
    }

    /// <summary>
    /// The parts of a text under a heading of what comes next (三、2025年工作打算, 下一步工作计划): from the heading to the
    /// next heading of its level or above, as disjoint spans in order.
    /// </summary>
    private static List<(int Start, int End)> PlanSections(string text)
    {
        var headings = new List<(int Start, int Level, bool Plan)>();
        for (var start = 0; start < text.Length; start = text.IndexOf('\n', start) is var end and >= 0 ? end + 1 : text.Length)
        {
            if (text[start] != '#') continue;
            var level = 0;
            while (start + level < text.Length && text[start + level] == '#') level++;
            var lineEnd = text.IndexOf('\n', start) is var e and >= 0 ? e : text.Length;
            headings.Add((start, level, PlanHeading().IsMatch(text.AsSpan(start + level, lineEnd - start - level))));
        }
        var spans = new List<(int Start, int End)>();
        for (var i = 0; i < headings.Count; i++)
        {
            if (!headings[i].Plan || spans.Count > 0 && spans[^1].End > headings[i].Start) continue;
            var next = headings.FindIndex(i + 1, h => h.Level <= headings[i].Level);
            spans.Add((headings[i].Start, next < 0 ? text.Length : headings[next].Start));
        }
        return spans;
    }

    /// <summary>
    /// The nearest heading above a number and the lead of its part of the paragraph: the last bold lead (**三是持续推进平安宣传。**)
    /// or 一是/二是 sentence before it, else the paragraph's first sentence.
    /// </summary>
    private static string Context(string text, int at)
    {
        var paragraph = at;
        while (paragraph > 0 && text[paragraph - 1] != '\n' && at - paragraph < 4 * Reach) paragraph--;
        var before = text[paragraph..at];
        var lead = Lead().Matches(before).LastOrDefault() is { } m ? m.Value
            : before.IndexOfAny(['。', '！']) is var end and > 0 ? before[..end] : "";
        for (var line = paragraph - 1; line > 0 && paragraph - line < 3000; line = text.LastIndexOf('\n', line - 1))
        {
            var start = text.LastIndexOf('\n', line - 1) + 1;
            if (text[start] == '#') return lead + " " + text[start..line];
            if (start == 0) break;
        }
        return lead;
    }

    [GeneratedRegex(@"\*\*[^*\n]{2,60}\*\*|[一二三四五六七八九十]是[^。！\n]{2,60}")]
    private static partial Regex Lead();

    /// <summary>
    /// The breakdown of a total's indicator that the words right before a part name (（一审6件，二审4件）: 一审 → 行政诉讼一审).
    /// </summary>
    private static (string? Code, double Confidence)? Breakdown(string text, int at, string whole, IReadOnlyList<Indicator> catalog)
    {
        var start = at;
        while (start > 0 && "（(，,、；;。\n".IndexOf(text[start - 1]) < 0 && at - start < 20) start--;
        var local = Bigrams(text[start..at].Replace("其中", ""));
        if (local.Count == 0) return null;
        (string? Code, double Confidence) best = (null, 0);
        foreach (var child in catalog.Where(i => i.ParentCode == whole && !i.IsRetired))
        {
            var terms = Terms(child).SelectMany(Bigrams).ToHashSet();
            var share = local.Count(terms.Contains) / (double)local.Count;
            if (share > best.Confidence) best = (child.Code, Math.Round(share, 2));
        }
        return best.Confidence >= 0.5 ? best : null;
    }

    private static HashSet<string> Bigrams(string text)
    {
        var han = new string(text.Where(IsHan).ToArray());
        var pairs = new HashSet<string>();
        for (var i = 0; i + 1 < han.Length; i++) pairs.Add(han.Substring(i, 2));
        return pairs;
    }
}
