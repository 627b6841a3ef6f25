using System.Net;
using AngleSharp.Html.Parser;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.WebUtilities;
using Xunit.Abstractions;

namespace Dashboard.Tests.Http;

/// <summary>
/// Every page a user can reach, crawled link by link as a visitor, the clerk of a street that is not the first of the
/// install and a user of the district, starting on that street in a year that is not the latest: every internal link,
/// form action and redirect names the organization (and, where the page shows a year, a year — the menu's links the
/// same organization and year), so no path ever falls back to the first street or the latest year.
/// </summary>
public partial class LinkCrawlTests(DistrictApp app, ITestOutputHelper output) : IClassFixture<DistrictApp>
{
    /// <summary>The same crawl on PostgreSQL.</summary>
    public sealed class OnPostgres(DistrictApp.OnPostgres app, ITestOutputHelper output) : LinkCrawlTests(app, output), IClassFixture<DistrictApp.OnPostgres>, IOnPostgres;

    private const int Year = 2023;

    private static readonly Uri Root = new("http://localhost/");

    /// <summary>Where each crawl starts: the street's pages (and the district's) in a year that is not the default.</summary>
    private static readonly string[] Starts =
    [
        $"/?org={DistrictApp.Street}&year={Year}",
        $"/?org={DistrictApp.District}&year={Year}",
        $"/indicators/mediation_success_rate?org={DistrictApp.Street}&year={Year}",
        $"/figures/edit?org={DistrictApp.Street}&year={Year}",
        $"/account/signin?returnUrl={Uri.EscapeDataString($"/?org={DistrictApp.Street}&year={Year}")}",
    ];

    [EngineTheory]
    [InlineData(Looker.Visitor)]
    [InlineData(Looker.StreetClerk)]
    [InlineData(Looker.DistrictAdmin)]
    public async Task EveryLinkFormAndRedirectKeepsTheOrganizationAndYear(Looker looker)
    {
        using var client = app.Client(looker);
        var queue = new Queue<Uri>(Starts.Select(s => new Uri(Root, s)));
        var seen = new HashSet<string>(queue.Select(Key));
        var problems = new List<string>();
        int pages = 0, links = 0;
        while (queue.TryDequeue(out var address) && pages < 400)
        {
            using var response = await client.GetAsync(address.PathAndQuery);
            pages++;
            var (organization, year) = (Query(address, "org"), Query(address, "year"));
            if ((int)response.StatusCode is >= 300 and < 400)
            {
                var location = new Uri(address, response.Headers.Location!);
                links++;
                Check(address, location, "redirect", organization, year, sameYear: true, problems);
                Enqueue(location);
                continue;
            }
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }
            var document = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
            // The year the page says it shows (an address may ask for a year without figures: the page says which it shows instead).
            if (year is not null && document.QuerySelector("h1")?.TextContent is { } heading && ShownYear().Match(heading) is { Success: true } shown)
            {
                year = shown.Groups[1].Value;
            }
            var baseHref = new Uri(Root, document.QuerySelector("base")?.GetAttribute("href") ?? "/");
            foreach (var element in document.QuerySelectorAll("a[href], form[action]"))
            {
                var raw = element.GetAttribute(element.LocalName == "a" ? "href" : "action")!;
                // An empty href is the page itself (the error bar's 重新加载); a fragment is a place on the page.
                if (raw.Length == 0 || raw.StartsWith('#')) continue;
                var target = new Uri(raw.Length > 0 && raw[0] == '?' ? new Uri(baseHref, "./") : baseHref, raw);
                if (target.Host != Root.Host)
                {
                    problems.Add($"{address.PathAndQuery}: a link leaves the app: {raw}");
                    continue;
                }
                if (IsAsset(target)) continue;
                links++;
                var inMenu = element.Closest("header") is not null || element.Closest(".account-card") is not null && element.LocalName == "a";
                var what = $"{element.LocalName} “{element.TextContent.Trim()}” {raw}";
                Check(address, target, what, organization, year, sameYear: inMenu, problems);
                if (element.LocalName == "a" && !target.AbsolutePath.StartsWith("/exports/", StringComparison.Ordinal)) Enqueue(target);
            }
        }
        output.WriteLine($"{looker}: {pages} pages, {links} links and redirects checked");
        Assert.True(pages >= 10, $"only {pages} pages were reached");
        foreach (var problem in problems.Distinct().Take(40)) output.WriteLine(problem);
        Assert.Empty(problems.Distinct());

        void Enqueue(Uri target)
        {
            if (target.Host == Root.Host && !IsAsset(target) && seen.Add(Key(target))) queue.Enqueue(target);
        }
    }

    [EngineFact]
    public async Task TheDetailsLinkOfAChartOpensTheIndicatorOfTheStreetAndYearShown()
    {
        using var client = app.Client(Looker.Visitor);
        var dashboard = new HtmlParser().ParseDocument(await client.GetStringAsync($"/?org={DistrictApp.Street}&year=2025"));

        var details = dashboard.QuerySelector("#chart-mediation_success_rate a[title$='指标详情']")!.GetAttribute("href")!;
        var indicator = await client.GetStringAsync("/" + details);

        Assert.Equal($"indicators/mediation_success_rate?org={DistrictApp.Street}&year=2025", details);
        Assert.Contains(DistrictApp.StreetName, indicator);
        Assert.Contains("98.5%", indicator);
        Assert.DoesNotContain("罗星街道", new HtmlParser().ParseDocument(indicator).QuerySelector("main, .app-main")!.TextContent);
    }

    [EngineTheory]
    [InlineData(DistrictApp.Clerk, $"/?org={DistrictApp.Street}", DistrictApp.StreetName + " · 2025 年度")]
    [InlineData(DistrictApp.DistrictUser, $"/?org={DistrictApp.District}", "涪陵区 · 2024 年度 · 各街镇对比")]
    public async Task AUserOfOneOrganizationLandsOnItAfterSigningIn(string userName, string landing, string heading)
    {
        using var client = app.App.CreateClient(new() { AllowAutoRedirect = false });

        var signedIn = await Browsing.SignInAsync(client, userName, SignedInApp.Password);
        var location = Browsing.Landing(signedIn);
        var page = await client.GetStringAsync(location);

        Assert.Equal(landing, location);
        Assert.Contains(heading, new HtmlParser().ParseDocument(page).QuerySelector("h1")!.TextContent);
    }

    [EngineTheory]
    [InlineData("figures/edit")]
    [InlineData("reports/edit")]
    [InlineData("targets/edit")]
    public async Task AnEditingPageOffersEveryYearOfTheLastTenNotOnlyTheYearsWithFigures(string page)
    {
        using var client = app.Client(Looker.StreetClerk);

        var html = new HtmlParser().ParseDocument(await client.GetStringAsync($"/{page}?org={DistrictApp.Street}"));
        var years = html.QuerySelectorAll("[data-testid=year-picker] option").Select(o => int.Parse(o.GetAttribute("value")!)).ToList();

        Assert.Contains(2023, years);
        Assert.Contains(DateTime.Today.Year - 10, years);
        Assert.Equal(years.OrderDescending(), years);
    }

    /// <summary>
    /// A link or redirect from <paramref name="from"/> (which shows <paramref name="organization"/> and, if it names
    /// one, <paramref name="year"/>) to <paramref name="target"/>: it names an organization — the same, or from a
    /// district's page one of its streets — and, where the page names a year, a year (the same one for the menu).
    /// An address to come back to (<c>returnUrl</c>) must keep them.
    /// </summary>
    private static void Check(Uri from, Uri target, string what, string? organization, string? year, bool sameYear, List<string> problems)
    {
        if (organization is null) return;
        var back = Query(target, "returnUrl") is { } path ? new Uri(Root, path) : null;
        var named = Query(target, "org") ?? (back is null ? null : Query(back, "org"));
        var namedYear = Query(target, "year") ?? (back is null ? null : Query(back, "year"));
        var isExport = target.AbsolutePath.StartsWith("/exports/", StringComparison.Ordinal);
        var fromDistrict = organization == DistrictApp.District && from.AbsolutePath == "/";
        if (named is null)
        {
            problems.Add($"{from.PathAndQuery}: {what} does not name the organization");
        }
        else if (named != organization && !(fromDistrict && named is DistrictApp.Street or "luoxing" or "chongyi"))
        {
            problems.Add($"{from.PathAndQuery}: {what} names {named}, not {organization}");
        }
        if (year is not null && !isExport && target.AbsolutePath != "/account/signout" && namedYear is null)
        {
            problems.Add($"{from.PathAndQuery}: {what} does not name the year");
        }
        else if (year is not null && sameYear && namedYear is not null && namedYear != year)
        {
            problems.Add($"{from.PathAndQuery}: {what} names {namedYear}, not {year}");
        }
    }

    private static string? Query(Uri address, string name) =>
        QueryHelpers.ParseQuery(address.Query).FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value is { Count: > 0 } value
            ? value[0]
            : null;

    private static bool IsAsset(Uri target) =>
        target.AbsolutePath.StartsWith("/_", StringComparison.Ordinal) || target.AbsolutePath.StartsWith("/lib/", StringComparison.Ordinal)
        || Path.HasExtension(target.AbsolutePath) && !target.AbsolutePath.StartsWith("/exports/", StringComparison.Ordinal);

    [System.Text.RegularExpressions.GeneratedRegex(@"(20\d{2}) 年度")]
    private static partial System.Text.RegularExpressions.Regex ShownYear();

    // A page is visited once per address; deck slides and history rows differ only in parameters the links keep anyway.
    private static string Key(Uri address) => address.PathAndQuery;
}
