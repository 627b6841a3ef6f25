namespace Dashboard.Web.Security;

/// <summary>
/// A wake-up call for a loop that also wakes on its own every so often: a call made while the loop is busy wakes its
/// next wait, and a wait that ended by time leaves nothing behind to swallow the next call (a SemaphoreSlim waiter
/// abandoned after a timeout does exactly that).
/// </summary>
public sealed class Wakeup
{
    private TaskCompletionSource called = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Call() => Volatile.Read(ref called).TrySetResult();

    /// <summary>Waits for a call (true; it is used up) or until <paramref name="timeout"/> has passed on <paramref name="clock"/> (false).</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        var call = Volatile.Read(ref called);
        using (var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            var done = await Task.WhenAny(call.Task, Task.Delay(timeout, clock, timer.Token));
            await timer.CancelAsync();   // the timer goes with this wait
            cancellationToken.ThrowIfCancellationRequested();
            if (done != call.Task) return false;
        }
        Interlocked.CompareExchange(ref called, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), call);
        return true;
    }
}
