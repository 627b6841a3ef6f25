using System.Net;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Http;

public class DashboardHttpTests(SeededApp app) : IClassFixture<SeededApp>
{
    /// <summary>The same tests on PostgreSQL.</summary>
    public sealed class OnPostgres(SeededApp.OnPostgres app) : DashboardHttpTests(app), IClassFixture<SeededApp.OnPostgres>, IOnPostgres;

    [EngineFact]
    public async Task TheDashboardPrerendersTheRealFigures()
    {
        using var client = app.CreateClient();

        var html = await client.GetStringAsync("/");

        Assert.All(["811件", "100%", "524余场", "194名", "清零"], figure => Assert.Contains(figure, html));
        Assert.Contains("<mark id=\"figure-disputes_mediated\"", html);
        Assert.Contains("共排查调处化解民间矛盾纠纷811件", html);
    }

    [EngineFact]
    public async Task AnIndicatorPageShowsItsDefinition()
    {
        using var client = app.CreateClient();

        var html = await client.GetStringAsync("/indicators/mediation_success_rate");

        Assert.Contains("调解成功率", html);
        Assert.Contains("越高越好", html);
        Assert.Contains("全国目标 95%", html);
        // A Chinese page in Chinese: no English name, no code as text.
        Assert.DoesNotContain("Mediation success rate", html);
        Assert.DoesNotContain(">mediation_success_rate<", html);
    }

    [EngineFact]
    public async Task AnUnknownIndicatorGetsAFriendlyNotFoundPage()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync("/indicators/no_such_indicator");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("页面不存在", await response.Content.ReadAsStringAsync());
    }

    [EngineFact]
    public async Task StaticFilesArePrecompressedAndCachedForAYearAndTheHtmlIsCompressed()
    {
        using var client = app.CreateClient();
        var html = await client.GetStringAsync("/");
        var stylesheet = System.Text.RegularExpressions.Regex.Match(html, @"lib/mudblazor/MudBlazor\.min\.[a-z0-9]+\.css").Value;
        Assert.NotEmpty(stylesheet);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/" + stylesheet);
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        using var response = await client.SendAsync(request);
        using var page = new HttpRequestMessage(HttpMethod.Get, "/");
        page.Headers.AcceptEncoding.ParseAdd("gzip");
        using var pageResponse = await client.SendAsync(page);

        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Contains("immutable", response.Headers.CacheControl!.ToString());
        Assert.True(response.Content.Headers.ContentLength < 100_000, $"{response.Content.Headers.ContentLength} bytes on the wire");
        Assert.Equal("gzip", Assert.Single(pageResponse.Content.Headers.ContentEncoding));
    }

    [EngineFact]
    public async Task HeadAnswersLikeGetWithoutABody()
    {
        using var client = app.CreateClient();

        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [EngineFact]
    public async Task AnOrganizationWithoutFiguresOpensOnLastYearWithThatYearInThePicker()
    {
        await using var fresh = new DashboardApp();
        using var client = fresh.CreateClient();
        await client.GetAsync("/healthz");
        await using (var connection = await fresh.Services.GetRequiredService<Dashboard.Data.DashboardDb>().OpenAsync())
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, "INSERT INTO organizations (code, name, kind) VALUES ('xinqiao', '新桥镇', '镇')");
        }

        var html = await client.GetStringAsync("/?org=xinqiao");

        var lastYear = DateTime.Today.Year - 1;
        Assert.Contains($"新桥镇 · {lastYear} 年度", html);
        Assert.Matches($"<option value=\"{lastYear}\" selected[^>]*>{lastYear} 年</option>", html);
    }

    [EngineFact]
    public async Task TheChartLibraryIsServedByTheAppItself()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync("/lib/apexcharts/apexcharts.esm.js");

        response.EnsureSuccessStatusCode();
        Assert.Contains("ApexCharts v4.7.0", await response.Content.ReadAsStringAsync());
    }
}
