using System.Net;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Http;

/// <summary>The app in Production on real Kestrel at 127.0.0.1, as a reverse proxy on the same machine talks to it.</summary>
public sealed class DeploymentTests
{
    private static DashboardApp ProductionApp(Dictionary<string, string> settings)
    {
        var app = new DashboardApp(kestrel: true, settings: settings, environment: "Production");
        app.StartServer();
        return app;
    }

    private static HttpClient Client(DashboardApp app) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(app.BaseAddress) };

    private static HttpRequestMessage Get(string path, string forwardedProto) =>
        new(HttpMethod.Get, path) { Headers = { { "X-Forwarded-Proto", forwardedProto }, { "X-Forwarded-For", "192.0.2.7" }, { "X-Forwarded-Host", "dashboard.example.gov.cn" } } };

    [Fact]
    public async Task BehindAProxyThatTerminatesTlsPlainHttpIsRedirectedAndHttpsIsMarkedSecure()
    {
        await using var app = ProductionApp(new() { ["https_port"] = "443" });
        using var client = Client(app);

        var plain = await client.SendAsync(Get("/account/signin", "http"));
        Assert.Equal(HttpStatusCode.TemporaryRedirect, plain.StatusCode);
        Assert.Equal("https://dashboard.example.gov.cn/account/signin", plain.Headers.Location!.ToString());

        var secure = await client.SendAsync(Get("/account/signin", "https"));
        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        Assert.Equal("max-age=31536000; includeSubDomains", secure.Headers.GetValues("Strict-Transport-Security").Single());
        // The antiforgery cookie of the sign-in form: Secure, because the proxy said the request came over HTTPS.
        Assert.Contains(secure.Headers.GetValues("Set-Cookie"), c => c.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ForwardedHeadersFromAnAddressThatIsNotTheProxyAreIgnored()
    {
        await using var app = ProductionApp(new() { ["https_port"] = "443", ["ReverseProxy:KnownProxies:0"] = "10.9.9.9" });
        using var client = Client(app);

        // 127.0.0.1 is not the configured proxy: its claim to HTTPS is not believed.
        var response = await client.SendAsync(Get("/account/signin", "https"));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
    }

    [Fact]
    public async Task AnIntranetServedOverPlainHttpIsNotRedirectedAndShowsNoDetailedErrors()
    {
        await using var app = ProductionApp([]);
        using var client = Client(app);

        var response = await client.GetAsync("/account/signin");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        Assert.False(app.Services.GetRequiredService<IOptions<CircuitOptions>>().Value.DetailedErrors);
    }
}
