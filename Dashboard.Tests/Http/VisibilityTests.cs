using Dapper;
using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Http;

/// <summary>The app with a provisional 2025 figure and a draft 2025 report beside the published 2024 ones.</summary>
public sealed class AppWithProvisional : SignedInApp
{
    /// <summary>The provisional figure as any page would write it (a bare "987" could turn up in a random token).</summary>
    public const string ProvisionalValue = "987件";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var db = App.Services.GetRequiredService<DashboardDb>();
        var organization = (await new CatalogQueries(db).GetOrganizationAsync("luoxing"))!;
        var petitions = (await new CatalogQueries(db).GetIndicatorAsync("petitions_handled"))!;
        await new FigureCommands(db, TimeProvider.System).SaveAsync(new FigureSave
        {
            OrganizationId = organization.Id, IndicatorId = petitions.Id, Year = 2025, Value = 987,
            Qualifier = Qualifier.Exact, Status = FigureStatus.Provisional, SourceText = "处理信访事件987件",
        }, Actor.System("editor"));
        await using var connection = await db.OpenAsync();
        await connection.ExecuteAsync("""
            INSERT INTO reports (organization_id, year, title, published, body, updated_at, updated_by)
            VALUES (@id, 2025, '2025 年度报告（草稿）', NULL, '草稿：处理信访事件987件。', '2026-01-10T00:00:00Z', 'editor')
            """, new { id = organization.Id });
    }
}

public sealed class VisibilityTests(AppWithProvisional app) : IClassFixture<AppWithProvisional>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/?year=2025")]
    [InlineData("/indicators/petitions_handled")]
    public async Task AProvisionalFigureOrDraftNeverReachesAnAnonymousVisitor(string path)
    {
        using var client = app.Client(null);

        var html = await (await client.GetAsync(path)).Content.ReadAsStringAsync();

        Assert.DoesNotContain(AppWithProvisional.ProvisionalValue, html);
        Assert.DoesNotContain("草稿", html);
        Assert.DoesNotContain("2025 年度", html);
    }

    [Fact]
    public async Task ASignedInViewerSeesTheProvisionalYearMarkedAsSuch()
    {
        using var client = app.Client(Role.Viewer);

        var html = await (await client.GetAsync("/?year=2025")).Content.ReadAsStringAsync();

        Assert.Contains("罗星街道 · 2025 年度", html);
        Assert.Contains("987件", html);
        Assert.Contains("暂定", html);
        Assert.Contains("（草稿）", html);
    }

    [Theory]
    [InlineData("/?year=2024")]
    [InlineData("/indicators/administrative_reconsideration_cases")]
    [InlineData("/present?slides=report&year=2024")]
    public async Task VisitorsReadTheReportWithPersonalNamesMaskedAndSignedInUsersAsWritten(string path)
    {
        var visitor = await (await app.Client(null).GetAsync(path)).Content.ReadAsStringAsync();
        var viewer = await (await app.Client(Role.Viewer).GetAsync(path)).Content.ReadAsStringAsync();

        Assert.DoesNotContain("任建新", visitor);
        Assert.DoesNotContain("陈兴", visitor);
        if (!path.StartsWith("/present", StringComparison.Ordinal))
        {
            Assert.Contains("任某某6件", visitor);
            Assert.Contains("任建新6件", viewer);
        }
    }

    [Fact]
    public async Task AVisitorAskingForAYearNotYetPublishedIsToldSoAndShownTheLatestPublished()
    {
        var visitor = await (await app.Client(null).GetAsync("/?year=2025")).Content.ReadAsStringAsync();
        var viewer = await (await app.Client(Role.Viewer).GetAsync("/?year=2025")).Content.ReadAsStringAsync();

        Assert.Contains("所选年份（2025）暂无可显示的数据，可能尚未发布；这里显示的是 2024 年度。", visitor);
        Assert.DoesNotContain("暂无可显示的数据", viewer);
    }
}
