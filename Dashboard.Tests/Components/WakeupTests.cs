using Dashboard.Web.Security;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Components;

/// <summary>The wake-up an open page's user check waits on: account changes must wake it at once, every time.</summary>
public sealed class WakeupTests
{
    [Fact]
    public async Task AWaitThatEndedByTimeDoesNotSwallowTheNextCall()
    {
        var clock = new FakeTimeProvider();
        var wakeup = new Wakeup();

        var quietMinute = wakeup.WaitAsync(TimeSpan.FromMinutes(1), clock, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False(await quietMinute);

        var next = wakeup.WaitAsync(TimeSpan.FromMinutes(1), clock, CancellationToken.None);
        wakeup.Call();

        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task ACallMadeWhileNobodyWaitsWakesTheNextWaitAndIsThenUsedUp()
    {
        var clock = new FakeTimeProvider();
        var wakeup = new Wakeup();

        wakeup.Call();
        var woken = await wakeup.WaitAsync(TimeSpan.FromMinutes(1), clock, CancellationToken.None);
        var after = wakeup.WaitAsync(TimeSpan.FromMinutes(1), clock, CancellationToken.None);

        Assert.True(woken);
        Assert.False(after.IsCompleted);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False(await after);
    }
}
