using System.Net;
using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Http;

/// <summary>
/// A district (涪陵区) with two streets: 罗星街道 (the seed, with a provisional 2025 figure) and 崇义街道. Besides the
/// users of every organization (<see cref="SignedInApp"/>), one user per role whose role holds for 崇义街道 only.
/// </summary>
public class TwoStreetsApp : SignedInApp
{
    public const string ProvisionalValue = "987件";

    public TwoStreetsApp() : this(DatabaseEngine.Sqlite)
    {
    }

    protected TwoStreetsApp(DatabaseEngine engine) : base(engine)
    {
    }

    /// <summary>The same on PostgreSQL.</summary>
    public new sealed class OnPostgres() : TwoStreetsApp(DatabaseEngine.Postgres);

    private readonly Dictionary<(Role, string), string> scopedCookies = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        if (!Ready) return;
        var db = App.Services.GetRequiredService<DashboardDb>();
        var organizations = App.Services.GetRequiredService<OrganizationCommands>();
        var system = Actor.System("test");
        Assert.Empty(await organizations.AddAsync(new OrganizationSave { Code = "fuling", Name = "涪陵区", Kind = "区" }, system));
        Assert.Empty(await organizations.AddAsync(new OrganizationSave { Code = "chongyi", Name = "崇义街道", Kind = "街道", ParentCode = "fuling" }, system));
        Assert.Empty(await organizations.UpdateAsync("luoxing", new OrganizationSave { Code = "luoxing", Name = "罗星街道", Kind = "街道", ParentCode = "fuling" }, system));
        var luoxing = (await new CatalogQueries(db).GetOrganizationAsync("luoxing"))!;
        var chongyi = (await new CatalogQueries(db).GetOrganizationAsync("chongyi"))!;
        var petitions = (await new CatalogQueries(db).GetIndicatorAsync("petitions_handled"))!;
        Assert.True((await new FigureCommands(db, TimeProvider.System).SaveAsync(new FigureSave
        {
            OrganizationId = luoxing.Id, IndicatorId = petitions.Id, Year = 2025, Value = 987,
            Qualifier = Qualifier.Exact, Status = FigureStatus.Provisional, SourceText = "处理信访事件987件",
        }, system)).Succeeded);

        var accounts = App.Services.GetRequiredService<AccountService>();
        foreach (var organization in new[] { luoxing, chongyi })
            foreach (var role in Enum.GetValues<Role>())
            {
                var name = $"{organization.Code}-{role.ToString().ToLowerInvariant()}";
                await accounts.CreateUserAsync(name, role, Password, system, organization.Id);
                using var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
                var response = await Browsing.SignInAsync(client, name, Password);
                scopedCookies[(role, organization.Code)] = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("dashboard.auth=")).Split(';')[0];
            }
    }

    /// <summary>A client signed in as the user of <paramref name="role"/> for 崇义街道 only.</summary>
    public HttpClient StreetClient(Role role) => ScopedClient(role, "chongyi");

    /// <summary>A client signed in as the user of <paramref name="role"/> for <paramref name="organizationCode"/> only.</summary>
    public HttpClient ScopedClient(Role role, string organizationCode)
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", scopedCookies[(role, organizationCode)]);
        return client;
    }
}

/// <summary>What a street's own users may open and see of another street, asked of the server.</summary>
public class OrganizationScopeHttpTests(TwoStreetsApp app) : IClassFixture<TwoStreetsApp>
{
    /// <summary>The same tests on PostgreSQL.</summary>
    public sealed class OnPostgres(TwoStreetsApp.OnPostgres app) : OrganizationScopeHttpTests(app), IClassFixture<TwoStreetsApp.OnPostgres>, IOnPostgres;

    /// <summary>Every page, for 罗星街道, with the least role that opens it and what holds it for an organization.</summary>
    private static readonly (string Path, Role? Minimum, string? Policy)[] Pages =
    [
        ("/?org=luoxing", null, null),
        ("/indicators/petitions_handled?org=luoxing", null, null),
        ("/present?org=luoxing", null, null),
        ("/figures/changes?org=luoxing", Role.Viewer, Policies.ViewProvisional),
        ("/figures/edit?org=luoxing", Role.Editor, Policies.EditFigures),
        ("/figures/import?org=luoxing", Role.Editor, Policies.EditFigures),
        ("/reports/edit?org=luoxing", Role.Editor, Policies.EditFigures),
        ("/reports/import?org=luoxing", Role.Editor, Policies.EditFigures),
        ("/targets/edit?org=luoxing", Role.Editor, Policies.EditFigures),
        ("/admin/organizations", Role.Admin, null),
        ("/admin/catalog", Role.Admin, Policies.Administer),
        ("/admin/users", Role.Admin, Policies.Administer),
    ];

    public static TheoryData<string, Role, string> Matrix()
    {
        var data = new TheoryData<string, Role, string>();
        foreach (var page in Pages)
            foreach (var role in Enum.GetValues<Role>())
                foreach (var scope in new[] { "luoxing", "chongyi" })
                    data.Add(page.Path, role, scope);
        return data;
    }

    /// <summary>
    /// Every page × every role × held for the page's own organization or for another street: the role opens what its
    /// rank allows; for another street, an organization's page says it may not, and shows nothing of it.
    /// </summary>
    [EngineTheory]
    [MemberData(nameof(Matrix))]
    public async Task EveryPageAsEveryRoleOfTheOrganizationOrOfAnotherStreet(string path, Role role, string scope)
    {
        var (_, minimum, policy) = Pages.Single(p => p.Path == path);
        using var client = app.ScopedClient(role, scope);

        var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        var everywhereOnly = policy == Policies.Administer;
        if (minimum is { } least && (role < least || everywhereOnly))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/denied", response.Headers.Location!.AbsolutePath);
            return;
        }
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        if (policy is not null && scope != "luoxing")
        {
            Assert.Contains("您没有“罗星街道”的", html);
            Assert.DoesNotContain(TwoStreetsApp.ProvisionalValue, html);
        }
        else if (policy is not null)
        {
            Assert.DoesNotContain("您没有", html);
        }
    }

    [EngineTheory]
    [InlineData("/figures/edit?org=luoxing")]
    [InlineData("/reports/edit?org=luoxing")]
    [InlineData("/reports/import?org=luoxing")]
    [InlineData("/targets/edit?org=luoxing")]
    public async Task AnotherStreetsEditingPageTellsTheClerkTheyMayNotAndShowsNothingOfIt(string path)
    {
        using var client = app.StreetClient(Role.Editor);

        var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("您没有“罗星街道”的编辑权限。", html);
        Assert.DoesNotContain(" · 罗星街道", html);
        // The picker offers their own street only.
        Assert.Contains("value=\"chongyi\"", html);
        Assert.DoesNotContain("value=\"luoxing\"", html);
    }

    [EngineTheory]
    [InlineData("/figures/edit")]
    [InlineData("/reports/edit")]
    [InlineData("/reports/import")]
    [InlineData("/targets/edit")]
    public async Task WithoutAnOrganizationInTheAddressTheClerkGetsTheirOwnStreet(string path)
    {
        using var client = app.StreetClient(Role.Editor);

        var html = await (await client.GetAsync(path)).Content.ReadAsStringAsync();

        Assert.Contains("· 崇义街道", html);
        Assert.DoesNotContain("· 罗星街道", html);
    }

    [EngineTheory]
    [InlineData("/?org=luoxing&year=2025")]
    [InlineData("/indicators/petitions_handled?org=luoxing")]
    [InlineData("/present?org=luoxing&year=2025&slides=dispute_resolution")]
    [InlineData("/figures/changes?org=luoxing")]
    public async Task AnotherStreetsProvisionalFiguresNeverReachAStreetsViewer(string path)
    {
        using var street = app.StreetClient(Role.Viewer);
        using var everywhere = app.Client(Role.Viewer);

        var theirs = await (await street.GetAsync(path)).Content.ReadAsStringAsync();
        var all = await (await everywhere.GetAsync(path)).Content.ReadAsStringAsync();

        Assert.DoesNotContain(TwoStreetsApp.ProvisionalValue, theirs);
        Assert.Contains(TwoStreetsApp.ProvisionalValue, all);
    }

    [EngineFact]
    public async Task ADownloadHoldsAnotherStreetsProvisionalFiguresOnlyForItsOwnUsers()
    {
        using var street = app.StreetClient(Role.Viewer);
        using var everywhere = app.Client(Role.Viewer);
        using var visitor = app.Client(null);

        var theirs = await (await street.GetAsync("/exports/figures.csv?org=luoxing")).Content.ReadAsStringAsync();
        var all = await (await everywhere.GetAsync("/exports/figures.csv?org=luoxing")).Content.ReadAsStringAsync();
        var published = await visitor.GetAsync("/exports/figures.csv?org=luoxing");

        Assert.Contains("524余场", theirs);
        Assert.DoesNotContain("987", theirs);
        Assert.Contains("987", all);
        Assert.Equal("text/csv", published.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("987", await published.Content.ReadAsStringAsync());
    }

    [EngineFact]
    public async Task TheDistrictsPageAndItsWorkbookShowAStreetsProvisionalFigureOnlyToThoseWhoSeeTheDistricts()
    {
        using var everywhere = app.Client(Role.Viewer);
        using var street = app.StreetClient(Role.Viewer);
        using var visitor = app.Client(null);

        var leaders = await (await everywhere.GetAsync("/?org=fuling&year=2025")).Content.ReadAsStringAsync();
        var streets = await (await street.GetAsync("/?org=fuling&year=2025")).Content.ReadAsStringAsync();
        var visitors = await (await visitor.GetAsync("/?org=fuling&year=2025")).Content.ReadAsStringAsync();

        Assert.Contains("涪陵区 · 2025 年度 · 各街镇对比", leaders);
        Assert.Contains(TwoStreetsApp.ProvisionalValue, leaders);
        Assert.Contains("1/2 个街镇已填报", leaders);
        // 2025 has only a provisional figure: for the others the page shows the latest year they may see.
        Assert.Contains("涪陵区 · 2024 年度 · 各街镇对比", streets);
        Assert.DoesNotContain(TwoStreetsApp.ProvisionalValue, streets);
        Assert.DoesNotContain(TwoStreetsApp.ProvisionalValue, visitors);

        var workbook = await everywhere.GetAsync("/exports/district.xlsx?org=fuling&year=2025");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", workbook.Content.Headers.ContentType?.MediaType);
        var bytes = await workbook.Content.ReadAsByteArrayAsync();
        Assert.Equal(["核心指标", "填报进度", "排名", "近五年"], MiniExcelLibs.MiniExcel.GetSheetNames(new MemoryStream(bytes)));
        var headline = MiniExcelLibs.MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true, sheetName: "核心指标").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(["罗星街道", "崇义街道", "全区"], headline.Select(r => r["单位"]));
        // Numbers as numbers (cells a spreadsheet sorts and sums, not text), beside how they are written and their status.
        Assert.IsNotType<string>(headline[0]["信访事件（件）"]);
        Assert.Equal(987m, Convert.ToDecimal(headline[0]["信访事件（件）"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(("987件", "暂定"), (headline[0]["信访事件 写法"], headline[0]["信访事件 状态"]));
        Assert.Equal("未填报", headline[1]["信访事件 状态"]);
        var ranks = MiniExcelLibs.MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true, sheetName: "排名").Cast<IDictionary<string, object>>()
            .First(r => (string)r["指标"] == "信访事件");
        Assert.IsNotType<string>(ranks["名次"]);
        Assert.Equal((1m, 987m), (Convert.ToDecimal(ranks["名次"], System.Globalization.CultureInfo.InvariantCulture), Convert.ToDecimal(ranks["数值"], System.Globalization.CultureInfo.InvariantCulture)));
        var visitorsBook = await (await visitor.GetAsync("/exports/district.xlsx?org=fuling&year=2025")).Content.ReadAsByteArrayAsync();
        var visitorsRows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(visitorsBook), useHeaderRow: true, sheetName: "核心指标").Cast<IDictionary<string, object>>();
        Assert.DoesNotContain(visitorsRows, r => r.Values.Any(v => v?.ToString()?.Contains("987") == true));
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("/exports/district.xlsx?org=luoxing")).StatusCode);
    }

    [EngineFact]
    public async Task ADistrictsDownloadHasASheetForEveryOrganizationUnderIt()
    {
        using var client = app.Client(Role.Viewer);

        var response = await client.GetAsync("/exports/figures.xlsx?org=fuling");
        var sheets = MiniExcelLibs.MiniExcel.GetSheetNames(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));

        Assert.Equal(["涪陵区", "罗星街道", "崇义街道"], sheets);
        Assert.Contains("filename*=UTF-8''", response.Content.Headers.ContentDisposition!.ToString());
    }

    [EngineFact]
    public async Task AnotherStreetsEntryTemplateIsRefused()
    {
        using var street = app.StreetClient(Role.Editor);

        var refused = await street.GetAsync("/exports/template.xlsx?org=luoxing&year=2025");
        var own = await street.GetAsync("/exports/template.xlsx?org=chongyi&year=2025");

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/account/denied", refused.Headers.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [EngineFact]
    public async Task TheDashboardsPickerListsEveryOrganizationWithTheStreetsUnderTheirDistrict()
    {
        using var client = app.Client(null);

        var html = await (await client.GetAsync("/")).Content.ReadAsStringAsync();

        // A fresh visit still opens on the first street, not the district.
        Assert.Contains("罗星街道 · 2024 年度", html);
        Assert.Contains("<option value=\"fuling\"", html);
        Assert.Contains("<option value=\"chongyi\"", html);
    }

    [EngineTheory]
    [InlineData(Role.Viewer, "/figures/edit", HttpStatusCode.Redirect)]
    [InlineData(Role.Editor, "/figures/edit", HttpStatusCode.OK)]
    [InlineData(Role.Editor, "/admin/organizations", HttpStatusCode.Redirect)]
    [InlineData(Role.Admin, "/admin/organizations", HttpStatusCode.OK)]
    [InlineData(Role.Admin, "/admin/users", HttpStatusCode.Redirect)]
    public async Task AStreetsRolesOpenThePagesOfTheirRoleButUsersStayWithTheWholeInstallsAdministrators(Role role, string path, HttpStatusCode expected)
    {
        using var client = app.StreetClient(role);

        var response = await client.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Redirect)
        {
            Assert.Equal("/account/denied", response.Headers.Location!.AbsolutePath);
        }
    }
}
