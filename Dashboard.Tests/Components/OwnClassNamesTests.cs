using System.Text.RegularExpressions;
using Dashboard.Tests.Support;
using Dashboard.Web.Components.Layout;
using MudBlazor;

namespace Dashboard.Tests.Components;

/// <summary>
/// The app's markup and CSS use class names of their own (app.css), never MudBlazor's: those are internal to it and
/// change between versions, and a page styled by them (or written in them, as plain markup that stands in for a
/// component) changes its look on an upgrade without a compile error. MudBlazor's components render their own classes;
/// the theme's CSS variables (<c>var(--mud-…)</c>) are its public surface and what the own classes are made of.
/// </summary>
public sealed partial class OwnClassNamesTests : ComponentTests
{
    /// <summary>
    /// No MudBlazor class name (<c>mud-…</c>, a custom property <c>--mud-…</c> aside) in the components' files or the
    /// app's style sheets, comments included: each one is named with its file and line.
    /// </summary>
    [Fact]
    public void NoFileOfTheAppNamesAMudBlazorClass()
    {
        var web = Path.Combine(RepositoryRoot(), "Dashboard.Web");
        string[] kinds = [".razor", ".cs", ".css", ".js"];
        var files = Directory.EnumerateFiles(Path.Combine(web, "Components"), "*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(web, "wwwroot"), "*", SearchOption.TopDirectoryOnly))
            .Where(file => kinds.Contains(Path.GetExtension(file)))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Contains(Path.Combine(web, "Components", "Layout", "MainLayout.razor"), files);
        Assert.Contains(Path.Combine(web, "wwwroot", "app.css"), files);

        var found = files
            .SelectMany(file => File.ReadLines(file).Select((text, index) => (File: file, Line: index + 1, Text: text)))
            .SelectMany(line => MudClass().Matches(line.Text).Select(match =>
                $"{Path.GetRelativePath(web, line.File)}:{line.Line}: {match.Value} in “{line.Text.Trim()}”"))
            .ToList();

        Assert.True(found.Count == 0, "MudBlazor's class names, where the app's own classes (app.css) belong:\n" + string.Join("\n", found));
    }

    /// <summary>
    /// The theme's variables that the style sheets use are all ones that MudThemeProvider declares for the app's theme:
    /// a variable renamed in a new MudBlazor would otherwise leave a rule without its colour or size, silently.
    /// </summary>
    [Fact]
    public void EveryThemeVariableTheStyleSheetsUseIsDeclaredByTheTheme()
    {
        var theme = Context.Render<MudThemeProvider>(p => p.Add(t => t.Theme, DashboardTheme.Value)).Markup;
        var declared = ThemeVariable().Matches(theme).Where(m => m.Groups["declared"].Success).Select(m => m.Groups["name"].Value).ToHashSet();
        Assert.Contains("--mud-palette-primary", declared);

        var wwwroot = Path.Combine(RepositoryRoot(), "Dashboard.Web", "wwwroot");
        var undeclared = Directory.EnumerateFiles(wwwroot, "*.css")
            .SelectMany(file => ThemeVariable().Matches(File.ReadAllText(file)).Select(m => (File: Path.GetFileName(file), Name: m.Groups["name"].Value)))
            .Where(use => !declared.Contains(use.Name))
            .Select(use => $"{use.File}: {use.Name}")
            .Distinct()
            .ToList();

        Assert.True(undeclared.Count == 0, "Theme variables the theme does not declare:\n" + string.Join("\n", undeclared));
    }

    /// <summary>A class name of MudBlazor's: <c>mud-</c> where a name begins (not inside a word or a custom property).</summary>
    [GeneratedRegex(@"(?<![\w-])mud-[\w-]*")]
    private static partial Regex MudClass();

    /// <summary>A theme variable, used or (followed by a colon) declared.</summary>
    [GeneratedRegex(@"(?<name>--mud-[\w-]+)(?<declared>\s*:)?")]
    private static partial Regex ThemeVariable();

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Dashboard.sln"))) folder = folder.Parent;
        return folder!.FullName;
    }
}
