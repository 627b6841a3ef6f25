using System.Net;
using AngleSharp.Html.Parser;
using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Reports;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace Dashboard.Tests.Http;

/// <summary>How a street's 2025 stands: its figure's status and its report's.</summary>
public enum FigureState { None, Provisional, Published }

public enum ReportState { None, Draft, Published }

/// <summary>Who looks: a visitor, a user of the street itself, a user of another street, a user of the district.</summary>
public enum Viewer { Visitor, OwnStreet, OtherStreet, District }

/// <summary>
/// A district (涪陵区) with one street for every combination of the state of its 2025 figure (信访事件 987件: none,
/// provisional, published) and of its 2025 report (none, draft, published); each street has a published 2024 to fall
/// back on. One 查看者 of each street, of 罗星街道 (another street) and of the district.
/// </summary>
public class VisibilityMatrixApp : IAsyncLifetime
{
    public const string Value = "987件";
    public const string ReportSentence = "矩阵报告中的一句话";

    private readonly Dictionary<string, string> cookies = [];
    private readonly bool wantsPostgres;

    public VisibilityMatrixApp() : this(DatabaseEngine.Sqlite)
    {
    }

    protected VisibilityMatrixApp(DatabaseEngine engine)
    {
        App = new DashboardApp(engine: engine);
        wantsPostgres = engine == DatabaseEngine.Postgres;
    }

    public sealed class OnPostgres() : VisibilityMatrixApp(DatabaseEngine.Postgres);

    public DashboardApp App { get; }

    public static string Street(FigureState figure, ReportState report) => $"m-{figure}-{report}".ToLowerInvariant();

    public static IEnumerable<(FigureState Figure, ReportState Report)> States =>
        from figure in Enum.GetValues<FigureState>() from report in Enum.GetValues<ReportState>() select (figure, report);

    public async Task InitializeAsync()
    {
        if (App.Postgres is null && wantsPostgres) return;
        var services = App.Services;
        var db = services.GetRequiredService<DashboardDb>();
        var system = Actor.System("test");
        var organizations = services.GetRequiredService<OrganizationCommands>();
        var catalog = new CatalogQueries(db);
        var petitions = (await catalog.GetIndicatorAsync("petitions_handled"))!;
        Assert.Empty(await organizations.AddAsync(new OrganizationSave { Code = "fuling", Name = "涪陵区", Kind = "区" }, system));
        var accounts = services.GetRequiredService<AccountService>();
        await accounts.CreateUserAsync("district-viewer", Role.Viewer, SignedInApp.Password, system, (await catalog.GetOrganizationAsync("fuling"))!.Id);
        await accounts.CreateUserAsync("other-viewer", Role.Viewer, SignedInApp.Password, system, (await catalog.GetOrganizationAsync("luoxing"))!.Id);
        foreach (var (figure, report) in States)
        {
            var code = Street(figure, report);
            Assert.Empty(await organizations.AddAsync(new OrganizationSave { Code = code, Name = $"矩阵{figure}{report}街道", Kind = "街道", ParentCode = "fuling" }, system));
            var street = (await catalog.GetOrganizationAsync(code))!;
            var saves = new List<FigureSave>
            {
                new() { OrganizationId = street.Id, IndicatorId = petitions.Id, Year = 2024, Value = 123, Status = FigureStatus.Published },
            };
            if (figure != FigureState.None)
            {
                saves.Add(new()
                {
                    OrganizationId = street.Id, IndicatorId = petitions.Id, Year = 2025, Value = 987, SourceText = "处理信访事件987件",
                    Status = figure == FigureState.Published ? FigureStatus.Published : FigureStatus.Provisional,
                });
            }
            Assert.True((await services.GetRequiredService<FigureCommands>().SaveBatchAsync(saves, system)).Succeeded);
            if (report != ReportState.None)
            {
                Assert.True((await services.GetRequiredService<ReportCommands>().SaveAsync(new ReportSave
                {
                    OrganizationId = street.Id, Year = 2025, Title = $"{code} 2025年度报告", Published = report == ReportState.Published ? "2026-02" : "",
                    Body = $"# {code} 2025年度报告\n\n{ReportSentence}。全年处理信访事件987件。",
                }, system)).Succeeded);
            }
            await accounts.CreateUserAsync($"{code}-viewer", Role.Viewer, SignedInApp.Password, system, street.Id);
        }
        foreach (var name in States.Select(s => $"{Street(s.Figure, s.Report)}-viewer").Append("district-viewer").Append("other-viewer"))
        {
            using var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            var response = await Browsing.SignInAsync(client, name, SignedInApp.Password);
            cookies[name] = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("dashboard.auth=")).Split(';')[0];
        }
    }

    public HttpClient Client(Viewer viewer, string street)
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var name = viewer switch
        {
            Viewer.OwnStreet => $"{street}-viewer",
            Viewer.OtherStreet => "other-viewer",
            Viewer.District => "district-viewer",
            _ => null,
        };
        if (name is not null) client.DefaultRequestHeaders.Add("Cookie", cookies[name]);
        return client;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>
/// What each viewer sees of a street's year, for every state of its figures and report, on every page and download
/// that shows it: a published figure is for everyone, a provisional one for the street's own users and its district's;
/// a published report is public whatever its figures' status (it is the law), a draft only for those same users; a
/// year with nothing to show is said to be so, and another year is shown.
/// </summary>
public class VisibilityMatrixTests(VisibilityMatrixApp app) : IClassFixture<VisibilityMatrixApp>
{
    public sealed class OnPostgres(VisibilityMatrixApp.OnPostgres app) : VisibilityMatrixTests(app), IClassFixture<VisibilityMatrixApp.OnPostgres>, IOnPostgres;

    public static TheoryData<FigureState, ReportState, Viewer> Matrix()
    {
        var data = new TheoryData<FigureState, ReportState, Viewer>();
        foreach (var (figure, report) in VisibilityMatrixApp.States)
            foreach (var viewer in Enum.GetValues<Viewer>())
                data.Add(figure, report, viewer);
        return data;
    }

    [EngineTheory]
    [MemberData(nameof(Matrix))]
    public async Task EachViewerSeesExactlyWhatTheStatusesAllowOnEveryPageAndDownload(FigureState figure, ReportState report, Viewer viewer)
    {
        var street = VisibilityMatrixApp.Street(figure, report);
        var insider = viewer is Viewer.OwnStreet or Viewer.District;
        var seesFigure = figure == FigureState.Published || figure == FigureState.Provisional && insider;
        var seesReport = report == ReportState.Published || report == ReportState.Draft && insider;
        // The district's page compares its streets as the district's users see them; a street's own users see it as anyone does.
        var seesFigureOnDistrictPage = figure == FigureState.Published || figure == FigureState.Provisional && viewer == Viewer.District;
        using var client = app.Client(viewer, street);

        var dashboard = await Page(client, $"/?org={street}&year=2025");
        var heading = dashboard.QuerySelector("h1")!.TextContent;
        var tiles = dashboard.QuerySelector("section[aria-label=核心指标]")?.TextContent ?? "";
        var narrative = dashboard.QuerySelector("#narrative")?.TextContent ?? "";
        var notices = string.Join("|", dashboard.QuerySelectorAll(".dashboard__notice, .dashboard__header").Select(n => n.TextContent));
        var indicator = (await Page(client, $"/indicators/petitions_handled?org={street}")).QuerySelector(".indicator-history")?.TextContent ?? "";
        var deckTitle = (await Page(client, $"/present?org={street}&year=2025")).Body!.TextContent;
        var deckFigures = (await Page(client, $"/present?org={street}&year=2025&slides=dispute_resolution")).Body!.TextContent;
        var district = await Page(client, "/?org=fuling&year=2025");
        var districtCell = district.QuerySelector($"table.district-table tr[data-organization='{street}'] td[data-indicator=petitions_handled]")!.TextContent;
        var districtProgress = district.QuerySelector($"table.district-progress tr[data-organization='{street}'] td:last-child")!.TextContent;
        var csv = await Download(client, $"/exports/figures.csv?org={street}&year=2025");
        var workbook = await Download(client, $"/exports/district.xlsx?org=fuling&year=2025", rowsNaming: $"矩阵{figure}{report}街道");

        var wrong = new List<string>();
        void Expect(string what, bool expected, bool actual)
        {
            if (expected != actual) wrong.Add($"{what}: {(expected ? "expected, missing" : "not expected, shown")}");
        }

        // The year is there to see when anything of it is.
        Expect("dashboard: the 2025 heading", seesFigure || seesReport, heading.Contains("2025 年度"));
        Expect("dashboard: 2025 has nothing to show", !(seesFigure || seesReport), notices.Contains("所选年份（2025）暂无可显示的数据"));
        // The figure, wherever figures are.
        Expect("dashboard: the figure", seesFigure, tiles.Contains(VisibilityMatrixApp.Value));
        Expect("indicator page: the figure", seesFigure, indicator.Contains(VisibilityMatrixApp.Value));
        Expect("deck: the figure", seesFigure, deckFigures.Contains(VisibilityMatrixApp.Value));
        Expect("district page: the figure", seesFigureOnDistrictPage, districtCell.Contains(VisibilityMatrixApp.Value));
        Expect("CSV download: the figure", seesFigure, csv.Contains("987"));
        Expect("district workbook: the figure", seesFigureOnDistrictPage, workbook.Contains("987"));
        // The report, wherever reports are.
        Expect("dashboard: the report text", seesReport, narrative.Contains(VisibilityMatrixApp.ReportSentence));
        Expect("deck: the report's title", seesReport, deckTitle.Contains($"{street} 2025年度报告"));
        Expect("dashboard: 草稿", seesReport && report == ReportState.Draft, notices.Contains("（草稿）"));
        // A published report without published figures says so to visitors; nothing unpublished is called 未填报 to them.
        Expect("dashboard: figures not yet published", seesReport && !seesFigure && report == ReportState.Published, notices.Contains("本年度的指标数据尚未发布"));
        Expect("district page: 报告已发布，数据未发布", !seesFigureOnDistrictPage && viewer != Viewer.District && report == ReportState.Published, districtProgress.Contains("报告已发布，数据未发布"));
        Expect("district page: 未填报", !seesFigureOnDistrictPage && viewer == Viewer.District, districtCell.Contains("未填报") && districtProgress.Contains("未填报"));
        Expect("district page: 未发布", !seesFigureOnDistrictPage && viewer != Viewer.District, districtCell.Contains("未发布"));
        Assert.Empty(wrong);
    }

    private static async Task<AngleSharp.Html.Dom.IHtmlDocument> Page(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Every cell of a CSV, or of the rows of a workbook's sheets that name <paramref name="rowsNaming"/>, as text.</summary>
    private static async Task<string> Download(HttpClient client, string path, string? rowsNaming = null)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (!path.Contains(".xlsx")) return System.Text.Encoding.UTF8.GetString(bytes);
        using var stream = new MemoryStream(bytes);
        var cells = new List<string>();
        foreach (var sheet in MiniExcel.GetSheetNames(stream))
        {
            stream.Position = 0;
            foreach (IDictionary<string, object?> row in MiniExcel.Query(stream, sheetName: sheet))
            {
                var values = row.Values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "").ToList();
                if (rowsNaming is null || values.Contains(rowsNaming)) cells.AddRange(values);
            }
            stream.Position = 0;
        }
        return string.Join("|", cells);
    }
}
