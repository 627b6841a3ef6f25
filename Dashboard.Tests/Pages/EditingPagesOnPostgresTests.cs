using Bunit;
using Dashboard.Data;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Dashboard.Web.Components.Pages.EditFigures;
using Dashboard.Web.Components.Pages.EditReport;
using Dashboard.Web.Components.Pages.EditTargets;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Tests.Pages;

/// <summary>
/// The editing pages on PostgreSQL, whose queries really wait: the page's first render comes before its organization
/// has loaded, and what is typed must still be kept in the browser (drafts) and the page's script attached once the
/// table is on the screen — not only when the first render already had it, as on SQLite.
/// </summary>
public sealed class EditingPagesOnPostgresTests : IOnPostgres
{
    [EngineFact]
    public Task TheTargetsPageKeepsWhatIsTyped() => KeepsWhatIsTypedAsync<EditTargetsPage>("tr[data-indicator]");

    [EngineFact]
    public Task TheFiguresGridKeepsWhatIsTypedAndHasItsKeys() => KeepsWhatIsTypedAsync<EditFiguresPage>("tr[data-indicator]", "attach");

    [EngineFact]
    public Task TheReportEditorKeepsWhatIsTyped() => KeepsWhatIsTypedAsync<EditReportPage>("textarea", "attach");

    [EngineFact]
    public Task TheReportImportKeepsWhatIsPasted() => KeepsWhatIsTypedAsync<ImportReportPage>(".import-page");

    private static async Task KeepsWhatIsTypedAsync<TPage>(string loaded, string? pageScript = null) where TPage : IComponent
    {
        await using var context = await PageContext.CreateAsync(engine: DatabaseEngine.Postgres);
        await context.SignInAsync("wangwu", Role.Editor);

        var page = context.Bunit.Render<TPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(loaded)), TimeSpan.FromSeconds(10));
        // Watching the page's element as rendered (an element not yet on the screen would be null to the script).
        page.WaitForAssertion(() => Assert.Contains(context.Bunit.JSInterop.Invocations,
            i => i.Identifier == "watch" && i.Arguments[0] is ElementReference { Id: { Length: > 0 } }), TimeSpan.FromSeconds(10));
        if (pageScript is not null)
        {
            Assert.Contains(context.Bunit.JSInterop.Invocations, i => i.Identifier == pageScript);
        }
    }
}
