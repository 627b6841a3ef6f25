namespace Dashboard.Tests.Support;

/// <summary>
/// An earlier year of 罗星街道 written as its report would be (our own text, shaped like the seed's 2024 report), and
/// the figures a careful clerk would take from it: what the import tests bring in.
/// </summary>
public static class EarlierReport
{
    public const int Year = 2023;

    public const string Text = """
        重庆市涪陵区罗星街道办事处
        2023年度法治政府建设工作情况报告
        索引号：11500102MB1234567X/2024-00012
        发布机构：罗星街道办事处
        2023年，罗星街道在区委、区政府的坚强领导下，深入学习贯彻习近平法治思想，对照《法治政府建设实施纲要（2021—2025年）》，推进各项工作。现将有关情况报告如下。
        一、主要举措和成效
        （一）加强组织领导
        街道党工委把法治建设列入年度重点工作，全年共召开法治专题会 3 次，研究解决法治建设中的重点问题。组织在编人员参加学法考试，参与率98.5%。
        （二）推进政务公开
        全年共制作政府信息39条，主动公开信息39份，回应群众关切。
        （三）化解行政争议
        2023年，街道受理行政复议案件5件（王志强4件，刘芳1件），行政诉讼案件8件（一审5件，二审3件）。
        （四）维护社会稳定
        坚持和发展新时代“枫桥经验”，全年排查调处矛盾纠纷612件，调解成功率97.2%。受理信访事件58件，均按期办结。
        （五）开展法治宣传
        开展集中普法宣传活动30余场，发放普法宣传资料2100余份，张贴普法宣传标语45条。
        二、存在的不足
        法治宣传的针对性还不够强，基层法治力量仍显薄弱。
        三、下一步打算
        2024年，街道将继续完善“1+3+N”矛盾纠纷化解机制，咨询电话023-72221234。
        """;

    /// <summary>The figures a clerk would enter from <see cref="Text"/>: indicator code → figure as written.</summary>
    public static readonly IReadOnlyDictionary<string, string> Figures = new Dictionary<string, string>
    {
        ["rule_of_law_meetings"] = "3 次",
        ["law_exam_participation_rate"] = "98.5%",
        ["gov_info_produced"] = "39条",
        ["gov_info_disclosed"] = "39份",
        ["administrative_reconsideration_cases"] = "5件",
        ["administrative_litigation_cases"] = "8件",
        ["administrative_litigation_first_instance"] = "5件",
        ["administrative_litigation_second_instance"] = "3件",
        ["disputes_mediated"] = "612件",
        ["mediation_success_rate"] = "97.2%",
        ["petitions_handled"] = "58件",
        ["legal_outreach_events"] = "30余场",
        ["legal_outreach_materials"] = "2100余份",
        ["legal_outreach_slogans"] = "45条",
    };
}
