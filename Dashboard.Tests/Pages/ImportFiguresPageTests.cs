using System.Text;
using Bunit;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Dashboard.Web.Components.Pages.EditFigures;
using Microsoft.AspNetCore.Components.Forms;

namespace Dashboard.Tests.Pages;

/// <summary>The upload page: a file chosen, its preview, and the import of the whole file.</summary>
public sealed class ImportFiguresPageTests
{
    [Fact]
    public async Task AnUploadedFileIsPreviewedRowByRowAndImportedInOneStep()
    {
        await using var context = await PageContext.CreateAsync();
        await context.SignInAsync("clerk", Role.Editor, "luoxing");
        var page = context.Bunit.Render<ImportFiguresPage>();
        var csv = new UTF8Encoding(true).GetPreamble().Concat(Encoding.UTF8.GetBytes("指标代码,年度,数值\ndisputes_mediated,2025,892\npetitions_handled,2025,58\n")).ToArray();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(csv, "2025年度.csv"));

        page.WaitForAssertion(() => Assert.Contains("新增 2 项", page.Find("[data-testid=import-summary]").TextContent));
        await page.FindAll("button").Single(b => b.TextContent.Contains("导入 2 项")).ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("已导入《2025年度.csv》的 2 项数据", page.Find("[role=status]").TextContent));
        var luoxing = (await new Dashboard.Data.Catalog.CatalogQueries(context.Database.Db).GetOrganizationAsync("luoxing"))!;
        Assert.Equal(2, (await new Dashboard.Data.Figures.FigureQueries(context.Database.Db).GetFiguresAsync(luoxing.Id, 2025, Reader.System("测试"))).Count);
    }

    [Fact]
    public async Task ANewRowSaysWhetherItWillBePublishedOrProvisional()
    {
        await using var context = await PageContext.CreateAsync();
        await context.SignInAsync("clerk", Role.Editor, "luoxing");
        var page = context.Bunit.Render<ImportFiguresPage>();
        var csv = new UTF8Encoding(true).GetPreamble().Concat(Encoding.UTF8.GetBytes(
            "指标代码,年度,数值,状态\nrule_of_law_meetings,2025,3,已发布\npetitions_handled,2025,58,\n")).ToArray();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(csv, "2025年度.csv"));

        page.WaitForAssertion(() => Assert.Contains("新增 2 项", page.Find("[data-testid=import-summary]").TextContent));
        Assert.Contains("3次（已发布）", page.Find("tr[data-row='2']").TextContent.Replace(" ", "").Replace("\n", ""));
        Assert.Contains("58件（暂定）", page.Find("tr[data-row='3']").TextContent.Replace(" ", "").Replace("\n", ""));
    }

    [Fact]
    public async Task ARowThatChangesOnlyANoteOrAStatusSaysSoInTheReview()
    {
        await using var context = await PageContext.CreateAsync();
        await context.SignInAsync("clerk", Role.Editor, "luoxing");
        var page = context.Bunit.Render<ImportFiguresPage>();
        // 行政复议案件 2024 is published with a note; the file keeps its value, empties the note and makes it provisional.
        var csv = new UTF8Encoding(true).GetPreamble().Concat(Encoding.UTF8.GetBytes(
            "指标代码,年度,数值,状态,备注,修改原因\nadministrative_reconsideration_cases,2024,7,暂定,,核对\n")).ToArray();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(csv, "核对.csv"));

        page.WaitForAssertion(() => Assert.Contains("修改 1 项", page.Find("[data-testid=import-summary]").TextContent));
        var row = page.Find(".import-table tbody tr").TextContent;
        Assert.Contains("状态：已发布 → 暂定", row);
        Assert.Contains("→ 清空", row);
    }

    [Fact]
    public async Task AFileThatIsNoSpreadsheetIsSaidInChineseAndNothingIsPreviewed()
    {
        await using var context = await PageContext.CreateAsync();
        await context.SignInAsync("clerk", Role.Editor, "luoxing");
        var page = context.Bunit.Render<ImportFiguresPage>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(Encoding.UTF8.GetBytes("%PDF-1.7"), "报告.xlsx"));

        page.WaitForAssertion(() => Assert.Contains("《报告.xlsx》未能读取：不是可读取的表格文件", page.Find("[role=status]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=import-summary]"));
    }
}
