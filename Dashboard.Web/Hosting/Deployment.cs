using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Dashboard.Web.Hosting;

/// <summary>
/// How the app sits in a deployment (docs/operations.md#deployment): as a systemd or Windows service (no-ops
/// otherwise), behind a reverse proxy, and over HTTPS when it has it.
/// <list type="bullet">
/// <item>Forwarded headers (<c>X-Forwarded-For</c>, <c>-Proto</c>, <c>-Host</c>) are believed only from the proxies in
/// <c>ReverseProxy:KnownProxies</c> — by default a proxy on the same machine (loopback). So behind nginx or IIS the
/// app sees the client's address and that the request came over HTTPS (secure cookies, redirects); a client talking to
/// the app directly cannot pretend either.</item>
/// <item>HTTPS redirection and HSTS outside Development, when the app knows it is reachable over HTTPS: Kestrel listens
/// on an https:// URL, or <c>https_port</c> is set (a proxy terminating TLS on that port). An intranet served over
/// plain HTTP is left alone rather than redirected to a port nobody listens on.</item>
/// </list>
/// </summary>
public static class Deployment
{
    public static WebApplicationBuilder AddDashboardDeployment(this WebApplicationBuilder builder)
    {
        builder.Host.UseSystemd();
        builder.Host.UseWindowsService(options => options.ServiceName = "Dashboard");

        var proxies = builder.Configuration.GetSection("ReverseProxy:KnownProxies").Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            options.ForwardLimit = 1;
            if (proxies.Length > 0)
            {
                // The configured proxies replace the default (loopback): only they are believed.
                options.KnownProxies.Clear();
                options.KnownIPNetworks.Clear();
                foreach (var proxy in proxies)
                {
                    options.KnownProxies.Add(IPAddress.Parse(proxy));
                }
            }
        });
        builder.Services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = true;
        });
        return builder;
    }

    /// <summary>True when the app is reachable over HTTPS: an https:// URL for Kestrel, or https_port for a proxy's TLS.</summary>
    public static bool ServesHttps(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["https_port"]) || !string.IsNullOrEmpty(configuration["HTTPS_PORTS"])
        || (configuration["urls"] ?? "").Contains("https://", StringComparison.OrdinalIgnoreCase)
        || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any(e => (e["Url"] ?? "").StartsWith("https://", StringComparison.OrdinalIgnoreCase));

    public static WebApplication UseDashboardDeployment(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            if (ServesHttps(app.Configuration))
            {
                app.UseHsts();
                app.UseHttpsRedirection();
            }
        }
        return app;
    }
}
