using System.Net;
using Dapper;
using Dashboard.Data;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Http;

/// <summary>
/// A report text the Markdown parser refuses (200 "&gt;" in a row), stored by another writer than the editor — a
/// restore, an import, a script: every page that shows the report must still answer, with the text as plain paragraphs.
/// </summary>
public sealed class NestedReportTests : IAsyncLifetime
{
    private readonly DashboardApp app = new();

    public async Task InitializeAsync()
    {
        using var client = app.CreateClient();
        await client.GetAsync("/healthz");   // started, migrated and seeded
        await using var connection = await app.Services.GetRequiredService<DashboardDb>().OpenAsync();
        await connection.ExecuteAsync("UPDATE reports SET body = @body, published = '2025-02'", new { body = new string('>', 200) + " 嵌套过深的一段话。\n\n共排查调处化解民间矛盾纠纷811件。" });
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Theory]
    [InlineData("/")]
    [InlineData("/?year=2024")]
    [InlineData("/present")]
    [InlineData("/present?slides=report")]
    [InlineData("/indicators/disputes_mediated")]
    public async Task PagesShowingTheReportStillAnswerWithItsText(string path)
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        if (path == "/")
        {
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("嵌套过深的一段话。", html);
            Assert.Contains("<mark id=\"figure-disputes_mediated\"", html);
        }
    }
}
