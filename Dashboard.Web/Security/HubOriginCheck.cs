using Microsoft.Extensions.Options;

namespace Dashboard.Web.Security;

/// <summary>
/// The live connection (<c>/_blazor</c>: negotiate, the WebSocket, long polling) answers only pages of the app's own
/// origin. Browsers send the sign-in cookie with a WebSocket opened by any page of the same site — another port of
/// the same host is the same site — and a WebSocket is not subject to CORS, so without this check such a page could
/// start a circuit as the signed-in user, read what they see and save as them. Browsers always send <c>Origin</c> on
/// these requests; a request without one (a program, not a page) carries no user's cookie by accident.
/// </summary>
public static class HubOriginCheck
{
    public static IApplicationBuilder UseHubOriginCheck(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Path.StartsWithSegments("/_blazor")
            && context.Request.Headers.Origin is { Count: > 0 } origin
            && !IsAllowed(origin.ToString(), context))
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HubOriginCheck));
            logger.LogWarning("Live connection from a foreign origin {Origin} refused, client {Address}", origin.ToString(), context.Connection.RemoteIpAddress);
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        await next();
    });

    /// <summary>The app's own origin as this request reached it (through a known proxy: as the browser sees it), or a configured one.</summary>
    private static bool IsAllowed(string origin, HttpContext context)
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
        var allowed = context.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value.AllowedOrigins;
        return allowed.Any(a => Uri.TryCreate(a, UriKind.Absolute, out var other) && SameOrigin(uri, other));
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;
}
