using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Reports;
using Dashboard.Data.Users;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Support;

/// <summary>Who looks at <see cref="DistrictApp"/>: a visitor, the clerk of its second street, a user of the district.</summary>
public enum Looker { Visitor, StreetClerk, DistrictAdmin }

/// <summary>
/// A district as a first-time user sets one up: 涪陵区 with three streets — 罗星街道 (the seed, first in the install),
/// 敦仁街道 (second: published figures for 2023–2025 and reports for 2023 and 2024, its 2025 调解成功率 98.5 % beside
/// 罗星's 100 %) and 崇义街道. Signed in: the clerk of 敦仁街道 (编辑者 for it alone) and an administrator of the
/// district (for it and every street under it).
/// </summary>
public class DistrictApp : IAsyncLifetime
{
    public const string Street = "dunren";
    public const string StreetName = "敦仁街道";
    public const string District = "fuling";
    public const string Clerk = "dunren-clerk";
    public const string DistrictUser = "fuling-admin";

    /// <summary>敦仁街道's figures by year: indicator code → value (every one published, written exactly).</summary>
    public static readonly IReadOnlyDictionary<int, IReadOnlyDictionary<string, decimal>> Figures = new Dictionary<int, IReadOnlyDictionary<string, decimal>>
    {
        [2023] = new Dictionary<string, decimal>
        {
            ["rule_of_law_meetings"] = 3, ["disputes_mediated"] = 612, ["mediation_success_rate"] = 97.2m, ["petitions_handled"] = 58,
            ["administrative_litigation_cases"] = 8, ["administrative_litigation_first_instance"] = 5, ["administrative_litigation_second_instance"] = 3,
            ["legal_outreach_events"] = 30,
        },
        [2024] = new Dictionary<string, decimal>
        {
            ["rule_of_law_meetings"] = 4, ["disputes_mediated"] = 256, ["mediation_success_rate"] = 96.1m, ["petitions_handled"] = 41,
            ["administrative_litigation_cases"] = 6, ["administrative_litigation_first_instance"] = 4, ["administrative_litigation_second_instance"] = 2,
            ["legal_outreach_events"] = 42,
        },
        [2025] = new Dictionary<string, decimal>
        {
            ["rule_of_law_meetings"] = 5, ["disputes_mediated"] = 301, ["mediation_success_rate"] = 98.5m, ["petitions_handled"] = 37,
            ["administrative_litigation_cases"] = 2, ["administrative_litigation_first_instance"] = 2, ["administrative_litigation_second_instance"] = 0,
            ["legal_outreach_events"] = 45,
        },
    };

    private readonly Dictionary<Looker, string> cookies = [];
    private readonly bool wantsPostgres;
    private readonly bool kestrel;

    public DistrictApp() : this(DatabaseEngine.Sqlite)
    {
    }

    protected DistrictApp(DatabaseEngine engine, bool kestrel = false)
    {
        App = new DashboardApp(engine: engine, kestrel: kestrel);
        wantsPostgres = engine == DatabaseEngine.Postgres;
        this.kestrel = kestrel;
        if (kestrel) App.StartServer();
    }

    /// <summary>The same on PostgreSQL.</summary>
    public sealed class OnPostgres() : DistrictApp(DatabaseEngine.Postgres);

    /// <summary>The same on Kestrel at a real port, for a browser.</summary>
    public sealed class OnKestrel() : DistrictApp(DatabaseEngine.Sqlite, kestrel: true);

    public DashboardApp App { get; }

    private bool Ready => App.Postgres is not null || !wantsPostgres;

    public async Task InitializeAsync()
    {
        if (!Ready) return;
        var services = App.Services;
        var db = services.GetRequiredService<DashboardDb>();
        var system = Actor.System("test");
        var organizations = services.GetRequiredService<OrganizationCommands>();
        Assert.Empty(await organizations.AddAsync(new OrganizationSave { Code = District, Name = "涪陵区", Kind = "区" }, system));
        Assert.Empty(await organizations.UpdateAsync("luoxing", new OrganizationSave { Code = "luoxing", Name = "罗星街道", Kind = "街道", ParentCode = District }, system));
        Assert.Empty(await organizations.AddAsync(new OrganizationSave { Code = Street, Name = StreetName, Kind = "街道", ParentCode = District }, system));
        Assert.Empty(await organizations.AddAsync(new OrganizationSave { Code = "chongyi", Name = "崇义街道", Kind = "街道", ParentCode = District }, system));

        var catalog = new CatalogQueries(db);
        var street = (await catalog.GetOrganizationAsync(Street))!;
        var indicators = (await catalog.GetIndicatorsAsync()).ToDictionary(i => i.Code);
        var saves = Figures.SelectMany(year => year.Value.Select(figure => new FigureSave
        {
            OrganizationId = street.Id, IndicatorId = indicators[figure.Key].Id, Year = year.Key, Value = figure.Value,
            Qualifier = Qualifier.Exact, Status = FigureStatus.Published,
        })).ToList();
        Assert.True((await services.GetRequiredService<FigureCommands>().SaveBatchAsync(saves, system)).Succeeded);
        var reports = services.GetRequiredService<ReportCommands>();
        foreach (var year in new[] { 2023, 2024 })
        {
            var figures = Figures[year];
            var body = $"""
                # 敦仁街道{year}年度法治政府建设工作情况报告

                ## 一、主要举措和成效

                全年召开法治专题会议{figures["rule_of_law_meetings"]}次。排查调处矛盾纠纷{figures["disputes_mediated"]}件，调解成功率{figures["mediation_success_rate"]}%。处理信访事件{figures["petitions_handled"]}件。
                """;
            var saved = await reports.SaveAsync(new ReportSave
            {
                OrganizationId = street.Id, Year = year, Title = $"敦仁街道{year}年度法治政府建设工作情况报告", Published = $"{year + 1}-02", Body = body,
            }, system);
            Assert.True(saved.Succeeded, string.Join(" ", saved.Problems));
        }

        var accounts = services.GetRequiredService<AccountService>();
        await accounts.CreateUserAsync(Clerk, Role.Editor, SignedInApp.Password, system, street.Id);
        await accounts.CreateUserAsync(DistrictUser, Role.Admin, SignedInApp.Password, system, (await catalog.GetOrganizationAsync(District))!.Id);
        foreach (var (looker, name) in new[] { (Looker.StreetClerk, Clerk), (Looker.DistrictAdmin, DistrictUser) })
        {
            using var client = kestrel
                ? new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(App.BaseAddress) }
                : App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            var response = await Browsing.SignInAsync(client, name, SignedInApp.Password);
            cookies[looker] = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("dashboard.auth=")).Split(';')[0];
        }
    }

    /// <summary>A client that does not follow redirects, as <paramref name="looker"/>.</summary>
    public HttpClient Client(Looker looker)
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (cookies.TryGetValue(looker, out var cookie))
        {
            client.DefaultRequestHeaders.Add("Cookie", cookie);
        }
        return client;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
