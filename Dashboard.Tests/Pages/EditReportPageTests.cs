using Bunit;
using Dashboard.Data.Catalog;
using Dashboard.Data.Reports;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Dashboard.Web.Components.Pages.EditReport;

namespace Dashboard.Tests.Pages;

public sealed class EditReportPageTests
{
    [Fact]
    public async Task TheEditorPreviewsTheTextWithItsFiguresMarkedAndSavesIt()
    {
        await using var context = await PageContext.CreateAsync();
        context.SignIn("wangwu", Role.Editor);
        var page = context.Bunit.Render<EditReportPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("mark.figure-mark")));
        var body = page.Find("textarea").TextContent;

        page.Find("textarea").Input(body.Replace("处理信访事件73件，", "处理信访事件73件（已核实），") + "\n\n<script>alert(1)</script>");

        // The event is dispatched to the page's renderer, which may still be busy with the page's own after-render work.
        page.WaitForAssertion(() => Assert.Contains("（已核实）", page.Find(".report-editor__preview").TextContent));
        Assert.Empty(page.FindAll(".report-editor__preview script"));
        Assert.NotNull(page.Find(".report-editor__preview mark[data-indicator=petitions_handled]"));

        page.FindAll("button").Single(b => b.TextContent.Trim() == "保存").Click();

        page.WaitForAssertion(() => Assert.Contains("报告已保存", page.Find(".mud-alert").TextContent));
        var organization = (await new CatalogQueries(context.Database.Db).GetOrganizationAsync("luoxing"))!;
        var saved = (await new ReportQueries(context.Database.Db).GetReportAsync(organization.Id, 2024, includeDrafts: true))!;
        Assert.Contains("处理信访事件73件（已核实）", saved.Body);
        Assert.Equal("wangwu", saved.UpdatedBy);
    }
}
