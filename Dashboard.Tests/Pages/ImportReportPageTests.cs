using Bunit;
using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Import;
using Dashboard.Data.Reports;
using Dashboard.Data.Users;
using Dashboard.Tests.Data;
using Dashboard.Tests.Support;
using Dashboard.Web.Components.Pages.EditReport;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Pages;

/// <summary>The review of an imported report: proposals beside the marked text, the editor's decisions, the commit.</summary>
public sealed class ImportReportPageTests
{
    private static byte[] EarlierReportDocx() =>
        ReportFilesTests.Docx(EarlierReport.Text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public async Task AnUploadedReportIsReviewedCorrectedAndImportedWithItsNamesMasked()
    {
        await using var context = await PageContext.CreateAsync();
        await context.SignInAsync("clerk", Role.Editor, "luoxing");
        var page = context.Bunit.Render<ImportReportPage>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(EarlierReportDocx(), "罗星街道2023年报告.docx"));

        page.WaitForAssertion(() => Assert.Contains("找到 14 个数字", page.Find("[data-testid=import-summary]").TextContent), TimeSpan.FromSeconds(5));
        // The year comes from the title; the applicants' names are proposed for masking, their counts are no figures.
        Assert.Equal("2023", page.Find("[data-testid=import-year] option[selected]").GetAttribute("value"));
        Assert.Contains("王志强 → 王某某", page.Find(".import-names").TextContent);
        Assert.DoesNotContain(page.FindAll(".proposal-table__raw"), a => a.TextContent is "4件" or "1件");
        // Every proposal is marked in the text and linked to its row.
        Assert.Equal(page.FindAll("tr[data-proposal]").Count, page.FindAll("a.import-mark").Count);
        var mark = page.FindAll("a.import-mark").Single(a => a.TextContent == "612件");
        Assert.EndsWith("#" + Row(page, "612件").Id, mark.GetAttribute("href"));
        Assert.Equal(14, page.FindAll("[data-testid=proposal-accept]:checked").Count);

        // The clerk drops one figure, corrects another as the report should have said it, and a clerk has no "new indicator".
        await Row(page, "45条").QuerySelector("[data-testid=proposal-accept]")!.ChangeAsync(new ChangeEventArgs { Value = false });
        await Row(page, "58件").QuerySelector("input[aria-label=数值]")!.ChangeAsync(new ChangeEventArgs { Value = "59" });
        Assert.DoesNotContain(page.FindAll("option"), o => o.TextContent.StartsWith("新指标"));
        await page.Find("[data-testid=import-commit]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("已导入 2023 年度报告正文", page.Find("[role=status]").TextContent));
        Assert.Contains("13 项数据（暂定）", page.Find("[role=status]").TextContent);
        var luoxing = (await new CatalogQueries(context.Database.Db).GetOrganizationAsync("luoxing"))!;
        var figures = await new FigureQueries(context.Database.Db).GetFiguresAsync(luoxing.Id, 2023, Reader.System("测试"));
        Assert.Equal(13, figures.Count);
        Assert.Equal(59, figures.Single(f => f.IndicatorCode == "petitions_handled").Value);
        Assert.DoesNotContain(figures, f => f.IndicatorCode == "legal_outreach_slogans");
        var report = (await new ReportQueries(context.Database.Db).GetReportAsync(luoxing.Id, 2023, Reader.System("测试")))!;
        Assert.Equal("王志强、刘芳", report.PersonalNames);
        Assert.Contains("# 2023年度法治政府建设工作情况报告\n", report.Body);
        Assert.DoesNotContain("索引号", report.Body);
    }

    [Fact]
    public async Task TwoRowsOfTheSameNumberInOneSentenceShowTheWordsRightBeforeEach()
    {
        await using var context = await PageContext.CreateAsync();
        await context.SignInAsync("clerk", Role.Editor, "luoxing");
        var page = context.Bunit.Render<ImportReportPage>();
        var docx = ReportFilesTests.Docx(["罗星街道2024年度法治政府建设工作情况报告", "组织全体干部参加学法考试，参考率100%，考试合格率100%。"]);

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(docx, "2024.docx"));

        page.WaitForAssertion(() => Assert.Contains("找到 2 个数字", page.Find("[data-testid=import-summary]").TextContent), TimeSpan.FromSeconds(5));
        var words = page.FindAll("tr[data-proposal] .proposal-table__sentence").Select(d => d.TextContent).ToList();
        Assert.Equal(["…组织全体干部参加学法考试，参考率100%，考试合格率…", "…学法考试，参考率100%，考试合格率100%。…"], words);
        Assert.Equal(["100%", "100%"], page.FindAll("tr[data-proposal] .proposal-table__sentence strong").Select(s => s.TextContent));
    }

    [Fact]
    public async Task AClerkWhoseFileIsStillBeingReadIsToldSoAndTheSecondFileIsNotRead()
    {
        await using var context = await PageContext.CreateAsync();
        await context.SignInAsync("clerk", Role.Editor, "luoxing");
        // Another tab of the same clerk is reading a file right now.
        using var reading = await context.Bunit.Services.GetRequiredService<ReadGate>().EnterAsync("clerk");
        var page = context.Bunit.Render<ImportReportPage>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(EarlierReportDocx(), "2023.docx"));

        page.WaitForAssertion(() => Assert.Contains("您已有一个文件正在读取", page.Find("[role=status]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=import-summary]"));
    }

    [Fact]
    public async Task TheReviewSaysWhatVisitorsWillSeeOfAPublishedReportWithProvisionalFigures()
    {
        await using var context = await PageContext.CreateAsync();
        await context.SignInAsync("clerk", Role.Editor, "luoxing");
        var page = context.Bunit.Render<ImportReportPage>();
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(EarlierReportDocx(), "2023.docx"));
        page.WaitForAssertion(() => Assert.Contains("找到 14 个数字", page.Find("[data-testid=import-summary]").TextContent), TimeSpan.FromSeconds(5));
        var draft = page.Find("[data-testid=import-visibility]").TextContent;

        await page.Find("input[data-draft-field=published]").ChangeAsync(new ChangeEventArgs { Value = "2024-02" });
        var published = page.Find("[data-testid=import-visibility]").TextContent;
        await page.Find("select[data-draft-field=status]").ChangeAsync(new ChangeEventArgs { Value = nameof(FigureStatus.Published) });
        var both = page.Find("[data-testid=import-visibility]").TextContent;

        Assert.Contains("访客看不到", draft);
        Assert.Contains("访客可以看到报告全文，但看不到这些数据", published);
        Assert.Contains("改为“已发布”后才公开", published);
        Assert.Contains("访客可以看到报告全文和这些数据", both);
    }

    [Fact]
    public async Task AStoredFigureThatDiffersIsShownAndReplacedOnlyWhenTheEditorTicksIt()
    {
        await using var context = await PageContext.CreateAsync();
        var clerk = await context.SignInAsync("clerk", Role.Editor, "luoxing");
        var luoxing = (await new CatalogQueries(context.Database.Db).GetOrganizationAsync("luoxing"))!;
        var petitions = (await new CatalogQueries(context.Database.Db).GetIndicatorAsync("petitions_handled"))!;
        var typed = await new FigureCommands(context.Database.Db, TimeProvider.System).SaveAsync(new FigureSave
        {
            OrganizationId = luoxing.Id, IndicatorId = petitions.Id, Year = 2023, Value = 60, Qualifier = Qualifier.Exact, Status = FigureStatus.Published,
        }, clerk);
        Assert.True(typed.Succeeded);
        var page = context.Bunit.Render<ImportReportPage>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(EarlierReportDocx(), "2023.docx"));

        page.WaitForAssertion(() => Assert.Contains("与报告不同", Row(page, "58件").TextContent));
        Assert.Contains("60件（已发布）", Row(page, "58件").TextContent);
        Assert.Null(Row(page, "58件").QuerySelector("[data-testid=proposal-accept]")!.GetAttribute("checked"));
        Assert.Contains("替换已有", Row(page, "58件").TextContent);
        await page.Find("[data-testid=accept-sure]").ClickAsync(new());
        Assert.Null(Row(page, "58件").QuerySelector("[data-testid=proposal-accept]")!.GetAttribute("checked"));

        await page.Find("[data-testid=import-commit]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("已导入", page.Find("[role=status]").TextContent));
        var figures = await new FigureQueries(context.Database.Db).GetFiguresAsync(luoxing.Id, 2023, Reader.System("测试"));
        Assert.Equal(60, figures.Single(f => f.IndicatorCode == "petitions_handled").Value);
    }

    [Fact]
    public async Task AnOldWordFileIsRefusedInChineseAndNothingIsReviewed()
    {
        await using var context = await PageContext.CreateAsync();
        await context.SignInAsync("clerk", Role.Editor, "luoxing");
        var page = context.Bunit.Render<ImportReportPage>();
        byte[] doc = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0];

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(doc, "2023年报告.doc"));

        page.WaitForAssertion(() => Assert.Contains("旧版 Word（.doc）", page.Find("[role=status]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=import-summary]"));
    }

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<ImportReportPage> page, string raw) =>
        page.FindAll("tr[data-proposal]").Single(r => r.QuerySelector(".proposal-table__raw")!.TextContent == raw);
}
