using System.Net;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Http;

public sealed class HubOriginTests(SeededApp app) : IClassFixture<SeededApp>
{
    [Theory]
    [InlineData("http://localhost", HttpStatusCode.OK)]             // the app's own origin (the test server's host)
    [InlineData(null, HttpStatusCode.OK)]                           // not a browser page
    [InlineData("http://localhost:5999", HttpStatusCode.Forbidden)] // another port of the same host: same site, other origin
    [InlineData("http://evil.example", HttpStatusCode.Forbidden)]
    [InlineData("https://localhost", HttpStatusCode.Forbidden)]
    [InlineData("null", HttpStatusCode.Forbidden)]                  // a sandboxed frame or a file
    public async Task TheLiveConnectionAnswersOnlyPagesOfTheAppsOwnOrigin(string? origin, HttpStatusCode expected)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        if (origin is not null) request.Headers.Add("Origin", origin);

        var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task AConfiguredOriginIsAllowedForAProxyThatRewritesTheHost()
    {
        await using var proxied = new DashboardApp(settings: new Dictionary<string, string> { ["Security:AllowedOrigins:0"] = "https://dashboard.example.gov.cn" });
        using var client = proxied.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        request.Headers.Add("Origin", "https://dashboard.example.gov.cn");

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
    }
}
