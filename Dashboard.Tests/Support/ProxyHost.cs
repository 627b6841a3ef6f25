using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;

namespace Dashboard.Tests.Support;

/// <summary>
/// A load balancer for tests (not part of the product, which documents nginx): YARP on a 127.0.0.1 port in front of
/// several app servers, configured as a deployment would be — session affinity by cookie (a Blazor circuit lives on
/// one server; every request of a browser must reach it), WebSockets passed through, the X-Forwarded headers the app
/// trusts from a proxy on the same machine, and an active health check of <c>/healthz</c> every second, so that a dead
/// server is taken out and its browsers are sent to another.
/// </summary>
public sealed class ProxyHost : IAsyncDisposable
{
    public const string AffinityCookie = "dashboard.server";

    private readonly WebApplication app;

    private ProxyHost(WebApplication app) => this.app = app;

    public string BaseAddress => app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    /// <summary>The server each new live connection (<c>/_blazor/negotiate</c>) was sent to, in order.</summary>
    public ConcurrentQueue<string> Circuits { get; } = new();

    private TaskCompletionSource<string> nextCircuit = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the server of the next live connection opened through the proxy.</summary>
    public Task<string> NextCircuitAsync() => Volatile.Read(ref nextCircuit).Task;

    private void CircuitOpened(string server)
    {
        Circuits.Enqueue(server);
        Interlocked.Exchange(ref nextCircuit, new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(server);
    }

    public static async Task<ProxyHost> StartAsync(IReadOnlyList<string> servers)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var cluster = new ClusterConfig
        {
            ClusterId = "dashboard",
            LoadBalancingPolicy = "RoundRobin",
            SessionAffinity = new SessionAffinityConfig
            {
                Enabled = true,
                Policy = "HashCookie",
                FailurePolicy = "Redistribute",
                AffinityKeyName = AffinityCookie,
            },
            HealthCheck = new HealthCheckConfig
            {
                Active = new ActiveHealthCheckConfig
                {
                    Enabled = true,
                    Interval = TimeSpan.FromSeconds(1),
                    Timeout = TimeSpan.FromSeconds(1),
                    Policy = "ConsecutiveFailures",
                    Path = "/healthz",
                },
            },
            Metadata = new Dictionary<string, string> { ["ConsecutiveFailuresHealthPolicy.Threshold"] = "1" },
            Destinations = servers.Select((address, i) => (address, i))
                .ToDictionary(d => $"server{d.i + 1}", d => new DestinationConfig { Address = d.address }),
        };
        var route = new RouteConfig { RouteId = "all", ClusterId = "dashboard", Match = new RouteMatch { Path = "{**path}" } };
        builder.Services.AddReverseProxy().LoadFromMemory([route], [cluster]);

        var app = builder.Build();
        var host = new ProxyHost(app);
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
                    host.CircuitOpened(destination.DestinationId);
                }
                await next();
            });
        });
        await app.StartAsync();
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
