using System.Globalization;
using System.Text.RegularExpressions;
using Dashboard.Data;
using Dashboard.Data.Figures;
using Dashboard.Data.Seeding;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Data;

/// <summary>
/// The seed is the real 2024 report of 罗星街道 and every figure it states. These tests make it impossible to
/// forget a figure, to misquote one, or to flatten "524余" into an exact 524.
/// </summary>
public sealed partial class SeedFidelityTests
{
    private static readonly SeedData Seed = SeedData.Load(SeedFolder.Path);
    private static readonly string Report = Seed.Reports.Single(r => r.Organization == "luoxing" && r.Year == 2024).Body;

    /// <summary>
    /// Arabic numerals in the report that are not figures, each with the words around it (which must occur in the
    /// report exactly once) and why it is not a figure.
    /// </summary>
    private static readonly (string Context, string Why)[] NonFigures =
    [
        ("# 2024 年度法治政府建设工作情况报告", "the report's title: a year"),
        ("(2025 年 2 月)", "publication date"),
        ("2024 年，在区委", "a year"),
        ("我街 2024 年度法治政府工作情况", "a year"),
        ("2024 年街道共召开", "a year"),
        ("“2024年度国家工作人员统一学法网络专题培训", "the name of a training course"),
        ("2024年通过政务公开网", "a year"),
        ("2024年，我街受理行政复议案件", "a year"),
        ("任建新6件", "one applicant's cases: a person, not an indicator (privacy)"),
        ("陈兴1件", "one applicant's cases: a person, not an indicator (privacy)"),
        ("2024年我街共排查调处", "a year"),
        ("2024年辖区在册吸毒人员", "a year"),
        ("2024年街道各村（社区）共刊播", "a year"),
        ("三、2025 年法治政府建设工作计划", "a heading: next year's plan"),
        ("2025 年我街将继续", "a year"),
    ];

    [Fact]
    public void EverySourceSpanOccursInTheReportExactlyOnce()
    {
        Assert.All(Seed.Figures, figure =>
            Assert.True(Occurrences(Report, figure.SourceText).Count == 1,
                $"{figure.Indicator}: “{figure.SourceText}” occurs {Occurrences(Report, figure.SourceText).Count} times"));
    }

    [Fact]
    public void EverySourceSpanStatesItsFiguresValue()
    {
        var kinds = Seed.Indicators.ToDictionary(i => i.Code, i => i.Kind);
        Assert.All(Seed.Figures.Where(f => kinds[f.Indicator] != IndicatorKind.Flag), figure =>
        {
            var numbers = Numeral().Matches(figure.SourceText).Select(m => decimal.Parse(m.Value, CultureInfo.InvariantCulture)).ToList();
            if (figure.Value == 0)
            {
                Assert.Empty(numbers);
                Assert.Matches("清零|无发生|未发生", figure.SourceText);
            }
            else
            {
                Assert.Equal([figure.Value], numbers);
            }
        });
    }

    [Fact]
    public void EveryQualifierMatchesTheWordsOfTheReport()
    {
        Assert.All(Seed.Figures.Where(f => Numeral().IsMatch(f.SourceText)), figure =>
        {
            var written = FigureText.ParseStated(figure.SourceText)!.Value.Qualifier;
            Assert.True(written == figure.Qualifier, $"{figure.Indicator}: “{figure.SourceText}” is {written}, seeded as {figure.Qualifier}");
        });
    }

    [Fact]
    public void EveryArabicNumeralInTheReportIsAFigureOrAListedNonFigure()
    {
        var figureSpans = Seed.Figures
            .SelectMany(f => Occurrences(Report, f.SourceText).Select(start => (Start: start, End: start + f.SourceText.Length, f.Value)))
            .ToList();
        var nonFigureSpans = NonFigures
            .SelectMany(n => Occurrences(Report, n.Context).Select(start => (Start: start, End: start + n.Context.Length)))
            .ToList();

        var unaccounted = Numeral().Matches(Report)
            .Where(m => !figureSpans.Any(s => s.Start <= m.Index && m.Index + m.Length <= s.End
                                              && s.Value == decimal.Parse(m.Value, CultureInfo.InvariantCulture)))
            .Where(m => !nonFigureSpans.Any(s => s.Start <= m.Index && m.Index + m.Length <= s.End))
            .Select(m => $"{m.Value} in “{Report.Substring(Math.Max(0, m.Index - 12), Math.Min(30, Report.Length - Math.Max(0, m.Index - 12)))}”")
            .ToList();

        Assert.Empty(unaccounted);
    }

    [Fact]
    public void EveryListedNonFigureOccursOnceAndHoldsANumeral()
    {
        Assert.All(NonFigures, n =>
        {
            Assert.Single(Occurrences(Report, n.Context));
            Assert.Matches(Numeral(), n.Context);
        });
    }

    [Fact]
    public void TheOutreachThemesAreBreakdownsThatLeaveAnUnallocatedRemainder()
    {
        var events = Figure("safety_outreach_events");
        var themes = Seed.Indicators.Where(i => i.ParentCode == "safety_outreach_events").Select(i => Figure(i.Code)).ToList();

        Assert.Equal((524m, Qualifier.MoreThan), (events.Value, events.Qualifier));
        Assert.Equal(["safety_outreach_anti_drug", "safety_outreach_civil_code", "safety_outreach_sanlv"], themes.Select(t => t.Indicator).Order());
        Assert.Equal(245m, themes.Sum(t => t.Value));
        Assert.Contains(themes, t => t.Qualifier == Qualifier.MoreThan);
    }

    [Fact]
    public void LitigationSplitsIntoFirstAndSecondInstance()
    {
        var parts = Seed.Indicators.Where(i => i.ParentCode == "administrative_litigation_cases").Select(i => Figure(i.Code)).ToList();

        Assert.Equal(10m, Figure("administrative_litigation_cases").Value);
        Assert.Equal([6m, 4m], parts.OrderBy(p => p.Indicator).Select(p => p.Value));
    }

    [Theory]
    [InlineData("safety_slogans", "legal_outreach_slogans")]
    [InlineData("safety_outreach_events", "legal_outreach_events")]
    [InlineData("safety_outreach_items", "legal_outreach_materials")]
    public void CountsMadeInTwoSectionsAreSeparateIndicatorsThatNeverAddUp(string inGovernance, string inPublicity)
    {
        var a = Seed.Indicators.Single(i => i.Code == inGovernance);
        var b = Seed.Indicators.Single(i => i.Code == inPublicity);

        Assert.NotEqual(a.CategoryCode, b.CategoryCode);
        Assert.True(string.IsNullOrEmpty(a.ParentCode) && string.IsNullOrEmpty(b.ParentCode), "neither may be a breakdown of a shared total");
        Assert.Contains("不得与", a.Description + b.Description);
    }

    [Fact]
    public void ZeroIsStoredAsZeroNotAsMissing()
    {
        var outOfControl = Figure("drug_users_out_of_control");

        Assert.Equal((0m, Qualifier.Exact), (outOfControl.Value, outOfControl.Qualifier));
        Assert.Contains("清零", outOfControl.SourceText);
        Assert.Equal(Direction.TargetZero, Seed.Indicators.Single(i => i.Code == "drug_users_out_of_control").Direction);
    }

    [Fact]
    public void TheApplicantsNamedInTheReportAreInNoIndicatorOrFigure()
    {
        string[] people = ["任建新", "陈兴"];
        var catalogAndFigures = string.Join("\n",
            Seed.Indicators.Select(i => $"{i.Code} {i.Name} {i.Description}")
                .Concat(Seed.Figures.Select(f => $"{f.Indicator} {f.SourceText} {f.Note}")));

        Assert.All(people, name => Assert.Contains(name, Report));
        Assert.All(people, name => Assert.DoesNotContain(name, catalogAndFigures));
    }

    [Fact]
    public void TheMarkdownIsTheOriginalTextWithOnlyPageBreaksAndHeadingLevelsMended()
    {
        var original = File.ReadAllText(Path.Combine(SeedFolder.Path, "sources", "luoxing-2024.txt"));
        static string Words(string text) => Regex.Replace(text, @"[\s#]", "");

        Assert.Equal(Words(original), Words(Report));
        Assert.Equal(11, Report.Split('\n').Count(line => line.StartsWith('#')));
        Assert.Contains("**一是强化组织领导。**细化法治建设领导小组成员分工", Report);
        // A paragraph that stops mid-sentence is a page break of the PDF the text came from.
        var paragraphs = Report.Split("\n\n").Select(p => p.Trim())
            .Where(p => p.Length > 0 && !p.StartsWith('#') && p is not "罗星街道" and not "(2025 年 2 月)");
        Assert.All(paragraphs, p => Assert.Matches("[。：；！？]$", p));
    }

    private static SeedFigure Figure(string indicator) => Seed.Figures.Single(f => f.Indicator == indicator && f.Year == 2024);

    private static List<int> Occurrences(string text, string part)
    {
        var found = new List<int>();
        if (part.Length == 0) return found;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
            found.Add(i);
        return found;
    }

    [GeneratedRegex(@"\d+(?:\.\d+)?")]
    private static partial Regex Numeral();
}
