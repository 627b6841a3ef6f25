using Bunit;
using Dashboard.Tests.Support;
using Dashboard.Web.Components.Pages.Indicators;

namespace Dashboard.Tests.Pages;

public sealed class IndicatorPageTests
{
    [Fact]
    public async Task ShowsTheDefinitionAndEveryYearWithItsSourceSentence()
    {
        await using var context = await PageContext.CreateAsync(withSample: true);

        var page = context.Bunit.Render<IndicatorPage>(p => p.Add(i => i.Code, "safety_outreach_events"));

        page.WaitForAssertion(() => Assert.Equal("平安宣传活动", page.Find("h1").TextContent));
        var definition = page.Find("dl.definition").TextContent;
        Assert.Contains("场", definition);
        Assert.Contains("年度计数", definition);
        Assert.Contains("越高越好", definition);
        Assert.Equal(["平安三率宣传", "禁毒反邪教宣传", "民法典宪法等宣传"], page.FindAll("dl.definition a").Select(a => a.TextContent));

        var rows = page.FindAll(".indicator-history tbody tr");
        Assert.Equal(["2024", "2023", "2022", "2021"], rows.Select(r => r.GetAttribute("data-year")));
        Assert.Contains("524余场", rows[0].TextContent);
        Assert.Contains("已发布", rows[0].TextContent);
        Assert.Contains("2024年街道各村（社区）共刊播宣传标语55条，摆摊设点开展宣传活动524余场", rows[0].TextContent);
        Assert.Contains("示例数据", rows[1].TextContent);
    }

    [Fact]
    public async Task ABreakdownLinksToItsTotal()
    {
        await using var context = await PageContext.CreateAsync();

        var page = context.Bunit.Render<IndicatorPage>(p => p.Add(i => i.Code, "administrative_litigation_first_instance"));

        page.WaitForAssertion(() => Assert.Equal("行政诉讼一审", page.Find("h1").TextContent));
        var parent = page.Find("dl.definition a");
        Assert.Equal(("行政诉讼案件", "indicators/administrative_litigation_cases?org=luoxing"), (parent.TextContent, parent.GetAttribute("href")));
    }
}
