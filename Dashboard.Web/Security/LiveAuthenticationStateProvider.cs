using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Security;

/// <summary>
/// Keeps an open page's user current. The user is re-checked (<see cref="AccountService.IsCurrentAsync"/>) as soon as
/// accounts change anywhere (<see cref="AccountChanges"/>) and every minute besides; a disabled or demoted user, a
/// changed password, a signed-out or expired session, or a page left without input longer than the idle timeout
/// turns the page into what a visitor sees. Writes do not depend on this: the data layer checks every one.
/// </summary>
internal sealed class LiveAuthenticationStateProvider : ServerAuthenticationStateProvider, IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private static readonly AuthenticationState Anonymous = new(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity()));

    private readonly AccountService accounts;
    private readonly AccountChanges changes;
    private readonly CircuitActivity activity;
    private readonly IOptions<SecurityOptions> options;
    private readonly TimeProvider clock;
    private readonly ILogger<LiveAuthenticationStateProvider> logger;
    private readonly CancellationTokenSource stopping = new();
    private readonly Wakeup recheck = new();
    private Task? loop;

    public LiveAuthenticationStateProvider(
        AccountService accounts, AccountChanges changes, CircuitActivity activity, IOptions<SecurityOptions> options, TimeProvider clock,
        ILogger<LiveAuthenticationStateProvider> logger)
    {
        (this.accounts, this.changes, this.activity, this.options, this.clock, this.logger) = (accounts, changes, activity, options, clock, logger);
        changes.Changed += RecheckNow;
        AuthenticationStateChanged += Follow;
    }

    private void Follow(Task<AuthenticationState> state) => loop ??= LoopAsync(state);

    private void RecheckNow() => recheck.Call();

    private async Task LoopAsync(Task<AuthenticationState> first)
    {
        var state = await first;
        while (!stopping.IsCancellationRequested && state.User.Identity?.IsAuthenticated == true)
        {
            try
            {
                await recheck.WaitAsync(Interval, clock, stopping.Token);
                var stillValid = !activity.IsIdleLongerThan(options.Value.IdleTimeout) && await accounts.IsCurrentAsync(state.User, stopping.Token);
                if (!stillValid)
                {
                    state = Anonymous;
                    SetAuthenticationState(Task.FromResult(state));
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Re-checking an open page's user failed; trying again at the next change or check");
            }
        }
    }

    public void Dispose()
    {
        changes.Changed -= RecheckNow;
        AuthenticationStateChanged -= Follow;
        stopping.Cancel();
        stopping.Dispose();
    }
}
