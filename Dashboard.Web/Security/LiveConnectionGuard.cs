using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Security;

/// <summary>
/// The door of the live connection (<c>/_blazor</c>: negotiate, the WebSocket, long polling):
/// <list type="bullet">
/// <item>It answers only pages of the app's own origin. Browsers send the sign-in cookie with a WebSocket opened by any
/// page of the same site — another port of the same host is the same site — and a WebSocket is not subject to CORS, so
/// without this check such a page could start a circuit as the signed-in user, read what they see and save as them.
/// Browsers always send <c>Origin</c> on these requests; a request without one (a program, not a page) carries no
/// user's cookie by accident.</item>
/// <item>One client address holds at most <see cref="SecurityOptions.MaxCircuitsPerClient"/> open connections (each an
/// open page, ~0.4 MB of server memory): one misbehaving client cannot exhaust the server for everyone else.</item>
/// </list>
/// </summary>
public sealed class LiveConnectionGuard(IOptions<SecurityOptions> settings, ILogger<LiveConnectionGuard> logger)
{
    private readonly ConcurrentDictionary<string, int> openByClient = new();

    /// <summary>How many live connections each client address holds now.</summary>
    public IReadOnlyDictionary<string, int> OpenByClient => openByClient;

    /// <summary>Raised after a live connection closed (for monitoring and tests).</summary>
    public event Action? Closed;

    public async Task HandleAsync(HttpContext context, Func<Task> next)
    {
        if (!context.Request.Path.StartsWithSegments("/_blazor", out var rest))
        {
            await next();
            return;
        }
        var options = settings.Value;
        if (context.Request.Headers.Origin is { Count: > 0 } origin && !IsAllowed(origin.ToString(), context, options))
        {
            logger.LogWarning("Live connection from a foreign origin {Origin} refused, client {Address}", origin.ToString(), context.Connection.RemoteIpAddress);
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        // The connection itself (a WebSocket, or a pending long poll) stays open as long as the page does.
        if (rest.HasValue && rest != "/")
        {
            await next();
            return;
        }
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "";
        if (openByClient.AddOrUpdate(client, 1, (_, open) => open + 1) > options.MaxCircuitsPerClient)
        {
            Release(client);
            logger.LogWarning("Live connection refused: client {Address} already holds {Max} open pages", context.Connection.RemoteIpAddress, options.MaxCircuitsPerClient);
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return;
        }
        try
        {
            await next();
        }
        finally
        {
            Release(client);
        }
    }

    private void Release(string client)
    {
        if (openByClient.AddOrUpdate(client, 0, (_, open) => open - 1) <= 0)
        {
            openByClient.TryRemove(new KeyValuePair<string, int>(client, 0));
        }
        Closed?.Invoke();
    }

    /// <summary>The app's own origin as this request reached it (through a known proxy: as the browser sees it), or a configured one.</summary>
    private static bool IsAllowed(string origin, HttpContext context, SecurityOptions options)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri))
        {
            return false;   // "null" (a sandboxed frame, a file) and anything unreadable
        }
        var request = context.Request;
        if (Uri.TryCreate($"{request.Scheme}://{request.Host}", UriKind.Absolute, out var own) && SameOrigin(uri, own))
        {
            return true;
        }
        return options.AllowedOrigins.Any(a => Uri.TryCreate(a, UriKind.Absolute, out var other) && SameOrigin(uri, other));
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;
}

public static class LiveConnectionGuardExtensions
{
    public static IApplicationBuilder UseLiveConnectionGuard(this IApplicationBuilder app)
    {
        var guard = app.ApplicationServices.GetRequiredService<LiveConnectionGuard>();
        return app.Use((context, next) => guard.HandleAsync(context, () => next(context)));
    }
}
