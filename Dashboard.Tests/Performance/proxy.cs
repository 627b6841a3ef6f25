#:package Yarp.ReverseProxy@2.3.0
#:property ManagePackageVersionsCentrally=false
#:property TreatWarningsAsErrors=false
#:property PublishAot=false
#:sdk Microsoft.NET.Sdk.Web

// The load balancer of measure-cluster.sh, configured as Support/ProxyHost.cs is for the tests: YARP with cookie
// affinity, round robin for new browsers, a /healthz check every second. Usage: dotnet run proxy.cs PORT SERVER_URL...
using Yarp.ReverseProxy.Configuration;

var port = int.Parse(args[0]);
var builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddReverseProxy().LoadFromMemory(
    [new RouteConfig { RouteId = "all", ClusterId = "dashboard", Match = new RouteMatch { Path = "{**path}" } }],
    [new ClusterConfig
    {
        ClusterId = "dashboard",
        LoadBalancingPolicy = "RoundRobin",
        SessionAffinity = new SessionAffinityConfig { Enabled = true, Policy = "HashCookie", FailurePolicy = "Redistribute", AffinityKeyName = "dashboard.server" },
        HealthCheck = new HealthCheckConfig
        {
            Active = new ActiveHealthCheckConfig { Enabled = true, Interval = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromSeconds(1), Policy = "ConsecutiveFailures", Path = "/healthz" },
        },
        Metadata = new Dictionary<string, string> { ["ConsecutiveFailuresHealthPolicy.Threshold"] = "1" },
        Destinations = args.Skip(1).Select((url, i) => (url, i)).ToDictionary(d => $"server{d.i + 1}", d => new DestinationConfig { Address = d.url }),
    }]);
var app = builder.Build();
// How many live connections each server was given (GET /_proxy/circuits), so a measurement can show the split.
var circuits = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
app.MapGet("/_proxy/circuits", () => circuits);
app.MapReverseProxy(pipeline =>
{
    pipeline.UseSessionAffinity();
    pipeline.UseLoadBalancing();
    pipeline.UsePassiveHealthChecks();
    pipeline.Use(async (context, next) =>
    {
        if (context.Request.Path.StartsWithSegments("/_blazor/negotiate")
            && context.GetReverseProxyFeature().AvailableDestinations is [var destination])
        {
            circuits.AddOrUpdate(destination.DestinationId, 1, (_, n) => n + 1);
        }
        await next();
    });
});
Console.WriteLine($"proxy on 127.0.0.1:{port} → {string.Join(", ", args.Skip(1))}");
app.Run();
