namespace Dashboard.Data;

/// <summary>
/// The Chinese words for the codes that travel with figures — written once, for every place that shows, writes or
/// reads them: the editing pages, the import review, spreadsheets out and in.
/// </summary>
public static class CodeWords
{
    /// <summary>The word a report writes with an approximate figure (余, 以上, 约, 近); nothing for an exact one.</summary>
    public static string Of(Qualifier qualifier) => qualifier switch
    {
        Qualifier.MoreThan => "余",
        Qualifier.AtLeast => "以上",
        Qualifier.About => "约",
        Qualifier.JustUnder => "近",
        _ => "",
    };

    /// <summary>The qualifier as a choice on a form: its word and what it means (余（多于）), 确数 for an exact figure.</summary>
    public static string Label(Qualifier qualifier) => qualifier switch
    {
        Qualifier.Exact => "确数",
        Qualifier.MoreThan => "余（多于）",
        Qualifier.AtLeast => "以上（不少于）",
        Qualifier.About => "约",
        Qualifier.JustUnder => "近（略少于）",
        _ => qualifier.ToString(),
    };

    /// <summary>The qualifier a word names (as people type it in a sheet); null for a word that names none.</summary>
    public static Qualifier? QualifierOf(string word) => word.Trim() switch
    {
        "" or "确数" => Qualifier.Exact,
        "余" or "多" or "逾" or "超" => Qualifier.MoreThan,
        "以上" => Qualifier.AtLeast,
        "约" or "左右" => Qualifier.About,
        "近" or "不足" => Qualifier.JustUnder,
        _ => null,
    };

    public static string Of(FigureStatus status) => status switch
    {
        FigureStatus.Published => "已发布",
        FigureStatus.Provisional => "暂定",
        _ => "示例数据",
    };

    /// <summary>The status a word names (an empty cell is provisional); null for a word that names none.</summary>
    public static FigureStatus? StatusOf(string word) => word.Trim() switch
    {
        "已发布" or "发布" or "正式" => FigureStatus.Published,
        "" or "暂定" or "草稿" => FigureStatus.Provisional,
        "示例数据" or "示例" => FigureStatus.Sample,
        _ => null,
    };
}
