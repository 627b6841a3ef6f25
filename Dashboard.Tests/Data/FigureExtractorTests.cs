using Dashboard.Data;
using Dashboard.Data.Import;

namespace Dashboard.Tests.Data;

/// <summary>The report extractor's rules, each with what it must take and what it must leave (sentences written here).</summary>
public sealed class FigureExtractorTests
{
    private static IReadOnlyList<ProposedFigure> Extract(string text, params string[] names) =>
        FigureExtractor.Extract(text, ImportCorpusTests.Catalog, names);

    [Theory]
    [InlineData("全年发放普法资料837余份。", 837, "份", Qualifier.MoreThan, "837余份")]
    [InlineData("共开展宣传活动50场以上，", 50, "场", Qualifier.AtLeast, "50场以上")]
    [InlineData("服务群众2.3万人次。", 23000, "人次", Qualifier.Exact, "2.3万人次")]
    [InlineData("受益群众两万余人次。", 20000, "人次", Qualifier.MoreThan, "两万余人次")]
    [InlineData("调解成功率达91.67%。", 91.67, "%", Qualifier.Exact, "91.67%")]
    [InlineData("召开专题会议两次。", 2, "次", Qualifier.Exact, "两次")]
    [InlineData("办理案件十二件。", 12, "件", Qualifier.Exact, "十二件")]
    [InlineData("培训干部一百二十人次。", 120, "人次", Qualifier.Exact, "一百二十人次")]
    [InlineData("参训人员近千人。", 1000, "人", Qualifier.JustUnder, "近千人")]
    [InlineData("受理咨询约300件，", 300, "件", Qualifier.About, "约300件")]
    [InlineData("化解纠纷逾200件。", 200, "件", Qualifier.MoreThan, "逾200件")]
    [InlineData("投入经费12.5万元。", 12.5, "万元", Qualifier.Exact, "12.5万元")]
    [InlineData("办理案件１２３件。", 123, "件", Qualifier.Exact, "１２３件")]
    [InlineData("覆盖群众3000人左右。", 3000, "人", Qualifier.About, "3000人左右")]
    [InlineData("听过宣讲的群众有万余人。", 10000, "人", Qualifier.MoreThan, "万余人")]
    [InlineData("受众近万人次。", 10000, "人次", Qualifier.JustUnder, "近万人次")]
    [InlineData("禁毒宣传每月至少开展3场次。", 3, "场次", Qualifier.AtLeast, "3场次")]
    [InlineData("受益群众约有3000人。", 3000, "人", Qualifier.About, "3000人")]
    [InlineData("年度法治建设考核得分94.5分。", 94.5, "分", Qualifier.Exact, "94.5分")]
    [InlineData("审查涉外合同，涉及金额约3600万美元。", 3600, "万美元", Qualifier.About, "约3600万美元")]
    [InlineData("协议金额1.2亿美元。", 1.2, "亿美元", Qualifier.Exact, "1.2亿美元")]
    [InlineData("乡里还争取上级资金12万元，建成法治文化广场。", 12, "万元", Qualifier.Exact, "12万元")]
    public void ReadsAFigureAsTheseReportsWriteIt(string text, double value, string unit, Qualifier qualifier, string raw)
    {
        var figure = Assert.Single(Extract(text));

        Assert.Equal(((decimal)value, unit, qualifier, raw), (figure.Value, figure.Unit, figure.Qualifier, figure.Raw));
    }

    [Theory]
    [InlineData("2024年，街道召开会议。")]                       // a year
    [InlineData("（2025 年 2 月）")]                             // a date
    [InlineData("于3月15日开展宪法宣传。")]                      // a date
    [InlineData("印发《关于加强法治建设的意见》（区委发〔2025〕19号）。")]  // a document number
    [InlineData("第一，强化领导。第3条规定。")]                   // ordinals
    [InlineData("1. 强化组织领导")]                              // a list marker
    [InlineData("推行“1310”工作法。")]                           // a programme's name
    [InlineData("打造15分钟公共法律服务圈。")]                    // a name with a duration in it
    [InlineData("对50万元以上项目开展合法性审查。")]              // a threshold inside a phrase
    [InlineData("办理时限压缩至3个工作日内。")]                   // a deadline
    [InlineData("咨询电话13800138000。")]                        // a phone number
    [InlineData("学习《法治政府建设实施纲要（2021—2025年）》。")]  // numbers inside a title
    [InlineData("把法治建设作为一项重要任务，一起部署、一起推进。")] // 一 as an article
    [InlineData("指导各村修订村规民约，")]                        // no number at all
    [InlineData("2026年，街道将力争调解成功率保持在95%以上。")]    // a goal for next year, not this year's result
    [InlineData("镇里计划开展普法宣传活动50场以上。")]            // a plan
    [InlineData("拟在全镇再培养“法律明白人”30名。")]               // a plan
    [InlineData("全年开展普法宣传活动不少于12次。")]               // a standard to meet
    [InlineData("2026年，黎侯镇将继续落实会前学法制度，推动矛盾纠纷化解率稳定在97%以上。")]  // next year
    [InlineData("## 三、2025年工作打算\n街道开展普法宣传活动40场，培训干部200人次。")]       // under the plans' heading
    [InlineData("学习市委六届七次、八次全会的精神。")]            // the seventh and eighth plenary sessions
    [InlineData("群众办事15分钟可达，每日8时30分开门。")]         // a duration and a time of day, not scores
    public void LeavesWhatIsNotAFigure(string text)
    {
        Assert.Empty(Extract(text));
    }

    [Fact]
    public void AFigureUnderAHeadingOfProblemsAndPlansIsStillAFigureUnlessItsSentencePlansIt()
    {
        var figures = Extract("## 二、存在的不足和下一步打算\n15场专项活动中，进企业的只有3场。下一步，街道将开展普法活动20场。");

        Assert.Equal(["15场", "3场"], figures.Select(f => f.Raw));
    }

    [Fact]
    public void WhatDidNotHappenIsAZeroOfItsOwnWhereTheCatalogHasNoIndicatorForIt()
    {
        var figure = Assert.Single(Extract("全年未发生因矛盾纠纷激化引发的刑事案件。"));

        // Zero criminal cases — not zero disputes mediated: the review offers it as a new indicator.
        Assert.Equal((0m, "未发生", null), (figure.Value, figure.Raw, figure.Indicator));
    }

    [Theory]
    [InlineData("全年行政诉讼14起，另有行政复议8起。", "administrative_litigation_cases", "administrative_reconsideration_cases")]
    [InlineData("开展法治宣传活动68场次，组织普法宣传活动29次。", "legal_outreach_events", "legal_outreach_events")]
    [InlineData("全年排查化解矛盾纠纷426起，化解率98.4%。", "disputes_mediated", "mediation_success_rate")]
    [InlineData("全年调处矛盾纠纷41起，调处成功率95.12%。", "disputes_mediated", "mediation_success_rate")]
    [InlineData("接待群众来访12批次，主动公开政府信息215条。", "petitions_handled", "gov_info_disclosed")]
    [InlineData("聘请1名律师担任法律顾问，29个行政村全部配备了村法律顾问。", "legal_advisers", "village_legal_advisers")]
    public void ACountWrittenInAnotherCounterWordOfTheSameThingsStatesItsIndicator(string text, string first, string second)
    {
        var figures = Extract(text);

        Assert.Equal([first, second], figures.Select(f => f.Indicator));
    }

    [Fact]
    public void AChangeFromLastYearIsAFigureButNotTheIndicatorsValue()
    {
        var figures = Extract("全年行政诉讼案件5件，比上年增加2件。");

        Assert.Equal([("5件", "administrative_litigation_cases"), ("2件", null)], figures.Select(f => (f.Raw, f.Indicator)));
    }

    [Theory]
    [InlineData("依法治街委员会全年召开会议两次，专门研究法治政府建设。")]
    [InlineData("全年召开领导小组会议3次，专题部署法治工作。")]
    public void MeetingsOfTheRuleOfLawCommitteeAreRuleOfLawMeetings(string text)
    {
        Assert.Equal("rule_of_law_meetings", Assert.Single(Extract(text)).Indicator);
    }

    [Fact]
    public void APlanAsAThingIsNoPlanOfTheComingYear()
    {
        var figure = Assert.Single(Extract("按照年度集中学习计划组织干部集中学法4次。"));

        Assert.Equal("4次", figure.Raw);
    }

    [Fact]
    public void ARateStatesOnlyAnIndicatorOfTheSameRate()
    {
        var figures = Extract("组织干部参加学法考试，参考率100%，考试合格率100%。");

        Assert.Equal(["law_exam_participation_rate", null], figures.Select(f => f.Indicator));
    }

    [Fact]
    public void ThePartOfATotalDoesNotTakeTheTotalsIndicatorFromTheWordsBeforeTheTotal()
    {
        var figures = Extract("全年调处矛盾纠纷41起，化解39起，受理信访事项6件。");

        Assert.Equal(["disputes_mediated", null, "petitions_handled"], figures.Select(f => f.Indicator));
    }

    [Fact]
    public void TheWordsAfterANumberNameWhatItCounts()
    {
        var figure = Assert.Single(Extract("全年召开两次法治专题会议，研究部署法治建设。"));

        Assert.Equal(("rule_of_law_meetings", 1.0), (figure.Indicator, figure.Confidence));
    }

    [Fact]
    public void 约EndingAWordIsNotAQualifier()
    {
        var figure = Assert.Single(Extract("指导各村修订村规民约2项。"));

        Assert.Equal((2m, Qualifier.Exact, "2项"), (figure.Value, figure.Qualifier, figure.Raw));
    }

    [Fact]
    public void ZeroWrittenAsWordsIsAFigureWhereItStatesAnIndicator()
    {
        var figures = Extract("脱管失控吸毒人员保持“清零”状态，无发生吸毒人员肇事肇祸事件；全年未发生重大舆情。");

        Assert.Equal([("清零", 0m), ("无发生", 0m), ("未发生", 0m)], figures.Select(f => (f.Raw, f.Value)));
        Assert.Equal(["drug_users_out_of_control", "drug_user_incidents", null], figures.Select(f => f.Indicator));
    }

    [Fact]
    public void APartAfter其中OrInBracketsPointsAtItsTotal()
    {
        var figures = Extract("行政诉讼案件10件（一审6件，二审4件）。开展宣传活动524余场，其中平安三率宣传150余场。");

        Assert.Equal([null, 0, 0, null, 3], figures.Select(f => f.PartOf));
    }

    [Fact]
    public void CountsAttachedToAPersonAreNotFiguresAndNamesFromTheListAreRecognised()
    {
        var figures = Extract("受理行政复议案件7件（任建新6件，陈兴1件）。", "任建新", "陈兴");

        var only = Assert.Single(figures);
        Assert.Equal((7m, "administrative_reconsideration_cases"), (only.Value, only.Indicator));
    }

    [Fact]
    public void EachFigureIsMappedToTheCatalogByTheWordsBeforeItAndItsAliases()
    {
        var figures = Extract("全年调处矛盾纠纷892件，调解成功率98.5%，处理信访事件58件，发放宣传资料3000余份。");

        Assert.Equal(["disputes_mediated", "mediation_success_rate", "petitions_handled", "legal_outreach_materials"], figures.Select(f => f.Indicator));
        Assert.All(figures, f => Assert.InRange(f.Confidence, 0.5, 1.0));
    }

    [Fact]
    public void ValuesAreOffsetsIntoTheTextAndTheSentenceIsTheOneThatStatesThem()
    {
        const string text = "一、工作成效\n共召开法治专题会 2 次。发放资料837余份。";

        var figures = Extract(text);

        Assert.Equal("2", text[figures[0].Start..figures[0].End]);
        Assert.Equal("837", text[figures[1].Start..figures[1].End]);
        Assert.Equal("发放资料837余份。", figures[1].Sentence);
    }

    [Fact]
    public void TenThousandGeneratedInputsNeitherThrowNorHang()
    {
        var random = new Random(20261201);
        const string alphabet = "0123456789０１２３一二两十百千万亿余多约近逾以上左右件次场份人%％《》〔〕“”（）()，。；\n年月日号第其中清零无未发生调解纠纷信访资料 .-";
        for (var i = 0; i < 10_000; i++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 200)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var figures = Extract(text);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"input {i} took {clock.Elapsed}");
            Assert.All(figures, f => Assert.InRange(f.Start, 0, text.Length));
        }
    }
}
