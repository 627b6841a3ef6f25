using System.Globalization;
using System.Security.Claims;
using Dashboard.Data.Users;

namespace Dashboard.Web.Security;

public static class ActorExtensions
{
    /// <summary>The actor a request or circuit acts as, from its (server-validated) principal; its writes are checked again in the data layer.</summary>
    public static Actor ToActor(this ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true && Enum.TryParse<Role>(principal.FindFirstValue(ClaimTypes.Role), out var role)
            ? Actor.User(principal.Identity.Name ?? "", role, principal.FindFirstValue(AccountService.StampClaim) ?? "",
                principal.FindFirstValue(AccountService.SessionClaim) ?? "", Scope(principal))
            : Actor.Anonymous;

    private static long? Scope(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(AccountService.ScopeClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
