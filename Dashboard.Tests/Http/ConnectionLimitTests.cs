using System.Net;
using System.Net.WebSockets;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Http;

/// <summary>One client opening live connections without end (an anonymous client opened 500 in 10 s) stops at its cap.</summary>
public sealed class ConnectionLimitTests
{
    [Fact]
    public async Task AClientCannotHoldMoreLiveConnectionsThanItsCapAndOthersStillConnect()
    {
        await using var app = new DashboardApp(kestrel: true, settings: new Dictionary<string, string> { ["Security:MaxCircuitsPerClient"] = "3" });
        app.StartServer();
        var hub = new Uri(app.BaseAddress.Replace("http://", "ws://") + "/_blazor");
        var open = new List<ClientWebSocket>();
        try
        {
            for (var i = 0; i < 3; i++) open.Add(await ConnectAsync(hub));

            var fourth = new ClientWebSocket { Options = { CollectHttpResponseDetails = true } };
            await Assert.ThrowsAsync<WebSocketException>(() => fourth.ConnectAsync(hub, CancellationToken.None));
            Assert.Equal(HttpStatusCode.TooManyRequests, fourth.HttpStatusCode);
            Assert.Contains(app.Log, line => line.Contains("already holds 3 open pages"));

            // A page closed frees its place.
            var guard = app.Services.GetRequiredService<LiveConnectionGuard>();
            var freed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            guard.Closed += () => { if (guard.OpenByClient.GetValueOrDefault("127.0.0.1") == 2) freed.TrySetResult(); };
            await open[0].CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
            open[0].Dispose();
            open.RemoveAt(0);
            await freed.Task.WaitAsync(TimeSpan.FromSeconds(10));
            open.Add(await ConnectAsync(hub));
        }
        finally
        {
            foreach (var socket in open) socket.Dispose();
        }
    }

    private static async Task<ClientWebSocket> ConnectAsync(Uri hub)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(hub, CancellationToken.None);
        return socket;
    }
}
