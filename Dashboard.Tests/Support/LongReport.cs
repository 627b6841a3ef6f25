using System.Text;

namespace Dashboard.Tests.Support;

/// <summary>
/// A report text of a given length, written for the tests in the way these reports are written (sections 一、（一）,
/// figures with units and 余, lists of measures) — as long as the longest real annual reports and longer. Each sentence
/// carries its own numbers, so a text cut short or shifted anywhere does not compare equal.
/// </summary>
public static class LongReport
{
    private static readonly string[] Sections = ["组织领导", "法治学习", "依法行政", "行政争议化解", "矛盾纠纷化解", "平安建设", "法治宣传"];

    public static string Write(int characters)
    {
        var text = new StringBuilder("# 某街道 2025 年度法治政府建设工作情况报告\n\n");
        for (var n = 1; text.Length < characters; n++)
        {
            var section = Sections[n % Sections.Length];
            text.Append($"## {Numeral(n)}、{section}方面的工作（第 {n} 部分）\n\n");
            text.Append($"（一）全年召开{section}专题会议{n % 9 + 2}次，研究部署重点事项{n * 3 + 1}项，形成会议纪要{n % 7 + 1}份。");
            text.Append($"街道司法所牵头排查调处矛盾纠纷{800 + n}件，调解成功率{90 + n % 10}.{n % 100:00}%，涉及金额约{n * 11}万元。\n\n");
            text.Append($"（二）开展“法律进社区”宣传活动{500 + n}余场，发放宣传资料{3000 + n * 7}余份，悬挂标语{120 + n}条，");
            text.Append($"覆盖群众{n * 131}人次；其中禁毒宣传{n % 40 + 5}场、民法典宣传{n % 30 + 10}余场。\n\n");
            text.Append($"- 落实“一村（社区）一法律顾问”制度，{n % 11 + 1}个村（社区）配齐法律顾问；\n");
            text.Append($"- 办理行政复议案件{n % 6}件、行政诉讼案件{n % 9}件（一审{n % 5}件，二审{n % 4}件）；\n");
            text.Append($"- 受理信访事项{60 + n % 30}件，按期办结率100%，**脱管失控人员持续清零**。\n\n");
        }
        return text.ToString(0, characters);
    }

    private static string Numeral(int n)
    {
        string[] digits = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
        return n switch
        {
            < 10 => digits[n],
            < 20 => "十" + digits[n % 10],
            < 100 => digits[n / 10] + "十" + digits[n % 10],
            _ => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
