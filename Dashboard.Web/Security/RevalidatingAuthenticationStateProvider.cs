using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Security;

/// <summary>
/// Re-checks an open circuit's user every minute: a disabled user, a changed password or role, or a page left
/// idle longer than the idle timeout ends the session in circuits that are already open, not just at the next
/// request. The page then shows what a visitor sees.
/// </summary>
internal sealed class RevalidatingAuthenticationStateProvider(
    ILoggerFactory loggerFactory, AccountService accounts, CircuitActivity activity, IOptions<SecurityOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        if (authenticationState.User.Identity?.IsAuthenticated == true && activity.IsIdleLongerThan(options.Value.IdleTimeout))
        {
            return false;
        }
        return await accounts.IsCurrentAsync(authenticationState.User, cancellationToken);
    }
}
