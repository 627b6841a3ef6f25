using Bunit;
using Dashboard.Tests.Support;
using Dashboard.Web.Components.Pages.Present;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Pages;

public sealed class PresentPageTests
{
    private static async Task<(PageContext Context, NavigationManager Navigation)> OpenAsync(string query, bool withSample = false)
    {
        var context = await PageContext.CreateAsync(withSample);
        var navigation = context.Bunit.Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/present" + query);
        return (context, navigation);
    }

    private static IReadOnlyList<string> SlideIds(PageContext context, NavigationManager navigation, IRenderedComponent<PresentPage> page)
    {
        var count = int.Parse(page.Find(".deck__number").TextContent.Split('/')[1].Trim());
        var ids = new List<string>();
        for (var number = 1; number <= count; number++)
        {
            navigation.NavigateTo(navigation.GetUriWithQueryParameter("slide", number));
            page.WaitForAssertion(() => Assert.Equal(number.ToString(), page.Find(".deck").GetAttribute("data-slide-number")));
            ids.Add(page.Find(".deck").GetAttribute("data-slide")!);
        }
        return ids;
    }

    [Fact]
    public async Task TheDeckIsATitleSlideThenASlidePerCategoryWithFiguresThenTheReport()
    {
        var (context, navigation) = await OpenAsync("");
        await using var _ = context;
        var page = context.Bunit.Render<PresentPage>();
        page.WaitForAssertion(() => Assert.Contains("罗星街道", page.Find(".slide--title").TextContent));

        // The report's own title, once (not "2024 年度法治政府建设" above "2024 年度法治政府建设工作情况报告").
        Assert.Equal("2024 年度法治政府建设工作情况报告", page.Find(".slide--title h1").TextContent);
        Assert.DoesNotContain("2024 年度法治政府建设工作情况报告", page.Find(".slide--title").TextContent.Replace(page.Find(".slide--title h1").TextContent, ""));
        Assert.Contains("数据截至", page.Find(".slide__asof").TextContent);
        Assert.Equal(
            ["title", "leadership", "legal_study", "lawful_administration", "administrative_disputes", "dispute_resolution", "public_safety", "legal_publicity", "report"],
            SlideIds(context, navigation, page));
    }

    [Fact]
    public async Task ACategorySlideShowsUpToFourFiguresAsWrittenHeadlineFiguresFirst()
    {
        var (context, _) = await OpenAsync("?slides=public_safety");
        await using var __ = context;
        var page = context.Bunit.Render<PresentPage>();
        page.WaitForAssertion(() => Assert.Equal("平安建设", page.Find(".slide__heading").TextContent));

        Assert.Equal(["524余场", "清零", "194名", "79人"], page.FindAll(".deck-figure__value").Select(v => v.TextContent));
        // One year of figures: nothing to compare, said so once on the title slide rather than on every card; the
        // section's chart is the year's own, titled with the year.
        Assert.Single(page.FindAll(".slide__chart .apex-chart"));
        Assert.Equal("平安宣传活动 · 2024 年", page.Find(".slide__chart-title").TextContent);
        Assert.Empty(page.FindAll(".deck-figure__change"));
        Assert.DoesNotContain("上年无数据", page.Markup);
    }

    [Fact]
    public async Task WithOneYearOfFiguresTheTitleSlideSaysOnceThatThereIsNothingToCompare()
    {
        var (context, _) = await OpenAsync("?slides=title");
        await using var __ = context;
        var page = context.Bunit.Render<PresentPage>();

        page.WaitForAssertion(() => Assert.Equal("首个有数据的年度，尚无同比", page.Find(".slide__subtitle").TextContent));
    }

    [Theory]
    [InlineData("524余场", new[] { "524余场" })]
    [InlineData("较2023年 −1.5个百分点", new[] { "2023年", "−1.5个百分点" })]
    [InlineData("配齐法律顾问的村（社区）", new[] { "村（社区）" })]
    [InlineData("开展宣传3000余份以上，覆盖1.2万人次", new[] { "3000余份以上", "1.2万人" })]
    public void FiguresAndShortTermsAreKeptOnOneLine(string text, string[] kept)
    {
        var segments = KeepTogether.Segments(text).ToList();

        Assert.Equal(text, string.Concat(segments.Select(s => s.Text)));
        Assert.Equal(kept, segments.Where(s => s.Keep).Select(s => s.Text));
    }

    [Fact]
    public async Task WithEarlierYearsACategorySlideCarriesItsChartAndTheChangeAgainstLastYear()
    {
        var (context, _) = await OpenAsync("?slides=dispute_resolution", withSample: true);
        await using var __ = context;
        var page = context.Bunit.Render<PresentPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll(".slide__chart .apex-chart")));

        var figures = page.FindAll(".deck-figure");
        Assert.InRange(figures.Count, 2, PresentPage.MaxFiguresPerSlide);
        Assert.Contains("较2023年", figures[0].TextContent);
    }

    [Fact]
    public async Task TheReportSlideMarksItsFiguresAndMasksPersonalNames()
    {
        var (context, _) = await OpenAsync("?slides=report");
        await using var __ = context;
        var page = context.Bunit.Render<PresentPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".slide__sentence")));

        Assert.InRange(page.FindAll(".slide__sentence").Count, 1, PresentPage.MaxSentences);
        Assert.Contains(page.FindAll(".slide__figure"), mark => mark.TextContent == "我街受理行政复议案件7件");
        var text = page.Find(".slide--report").TextContent;
        Assert.Contains("任某某6件，陈某某1件", text);
        Assert.DoesNotContain("任建新", page.Markup);
        Assert.DoesNotContain("陈兴", page.Markup);
    }

    [Fact]
    public async Task TheUrlChoosesTheSlidesTheirOrderAndTheCurrentSlide()
    {
        var (context, _) = await OpenAsync("?slides=report,nonsense,title:30&slide=2&theme=light");
        await using var __ = context;
        var page = context.Bunit.Render<PresentPage>();
        page.WaitForAssertion(() => Assert.Equal("title", page.Find(".deck").GetAttribute("data-slide")));

        Assert.Equal("2 / 2", page.Find(".deck__number").TextContent.Trim());
        Assert.Contains("deck--light", page.Find(".deck").ClassName);
        Assert.Contains("animation-duration: 30s", page.Find(".deck__progress").GetAttribute("style"));
    }

    [Fact]
    public async Task KeysMoveBetweenSlidesWrapAroundAndPause()
    {
        var (context, navigation) = await OpenAsync("?slides=title,report,legal_study");
        await using var __ = context;
        var page = context.Bunit.Render<PresentPage>();
        page.WaitForAssertion(() => Assert.Equal("title", page.Find(".deck").GetAttribute("data-slide")));

        await page.InvokeAsync(() => page.Instance.Key("previous"));
        page.WaitForAssertion(() => Assert.Equal("legal_study", page.Find(".deck").GetAttribute("data-slide")));
        Assert.Contains("slide=3", navigation.Uri);
        await page.InvokeAsync(() => page.Instance.Key("next"));
        page.WaitForAssertion(() => Assert.Equal("title", page.Find(".deck").GetAttribute("data-slide")));
        await page.InvokeAsync(() => page.Instance.Key("2"));
        page.WaitForAssertion(() => Assert.Equal("report", page.Find(".deck").GetAttribute("data-slide")));

        await page.InvokeAsync(() => page.Instance.Key("pause"));
        page.WaitForAssertion(() => Assert.Contains("is-paused", page.Find(".deck").ClassName));
        Assert.Contains("已暂停", page.Find(".deck__footer").TextContent);
        await page.InvokeAsync(() => page.Instance.Key("pause"));
        page.WaitForAssertion(() => Assert.DoesNotContain("is-paused", page.Find(".deck").ClassName));
    }
}
