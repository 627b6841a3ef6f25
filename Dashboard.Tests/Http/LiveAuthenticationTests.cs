using Dashboard.Data;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Http;

/// <summary>An open page's user is re-checked as soon as accounts change — also after the page has been open a while.</summary>
public sealed class LiveAuthenticationTests
{
    [Fact]
    public async Task AUserDemotedAfterTheFirstQuietMinuteIsSignedOutOfTheOpenPageWithoutWaitingForTheNextMinute()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new DashboardApp(clock: clock);
        using (var client = app.CreateClient()) await client.GetAsync("/healthz");   // started
        var db = app.Services.GetRequiredService<DashboardDb>();
        await Actors.SignInAsync(db, "boss", Role.Admin, clock);   // another administrator, so this one may be demoted
        var actor = await Actors.SignInAsync(db, "leader", Role.Admin, clock);
        var user = (await new UserQueries(db).GetUserAsync("leader"))!;
        var principal = AccountService.PrincipalFor(user, new Session { Id = actor.SessionId!, UserId = user.Id }, "Cookies");

        using var scope = app.Services.CreateScope();
        var provider = scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        var signedOut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.AuthenticationStateChanged += async state =>
        {
            if ((await state).User.Identity?.IsAuthenticated != true) signedOut.TrySetResult();
        };
        ((IHostEnvironmentAuthenticationStateProvider)provider).SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));

        // A quiet minute: the page's periodic check finds the user as they were.
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False(signedOut.Task.IsCompleted);

        // Demoted elsewhere: seen at the next poll of the database (one 25 ms tick of the clock), not at the next minute.
        await new UserCommands(db, clock).SetRoleAsync("leader", Role.Viewer, Actor.System("另一位管理员"));
        clock.Advance(TimeSpan.FromMilliseconds(25));

        await signedOut.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
