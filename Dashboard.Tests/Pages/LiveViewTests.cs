using Bunit;
using Dapper;
using Dashboard.Tests.Support;
using Dashboard.Web.Components.Layout;
using Dashboard.Web.Components.Pages.Home;
using Microsoft.AspNetCore.Components.Web;

namespace Dashboard.Tests.Pages;

/// <summary>The live-view base every screen of figures uses: a reload that fails is said, never swallowed.</summary>
public sealed class LiveViewTests
{
    [Fact]
    public async Task AReloadThatFailsReplacesThePageWithAChineseMessageInsteadOfShowingStaleFigures()
    {
        await using var context = await PageContext.CreateAsync();
        await context.WatchForChangesAsync();
        var page = context.Bunit.Render<ErrorBoundary>(boundary => boundary
            .Add(b => b.ChildContent, builder => { builder.OpenComponent<DashboardPage>(0); builder.CloseComponent(); })
            .Add(b => b.ErrorContent, _ => builder => { builder.OpenComponent<LoadError>(0); builder.CloseComponent(); }));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".kpi-tile")));

        // Another program breaks the database under the open page: the next reload cannot read the figures.
        await using (var connection = await context.Database.Db.OpenAsync())
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await connection.ExecuteAsync("UPDATE organizations SET name = name", transaction: transaction);
            await connection.ExecuteAsync("ALTER TABLE figures RENAME TO figures_gone", transaction: transaction);
            await transaction.CommitAsync();
        }

        page.WaitForAssertion(() => Assert.Contains("数据暂时无法读取", page.Find("[role=alert]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Empty(page.FindAll(".kpi-tile"));
    }
}
