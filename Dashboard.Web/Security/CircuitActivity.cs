using Microsoft.JSInterop;

namespace Dashboard.Web.Security;

/// <summary>
/// When the user of this circuit last gave input (a key, a click, the wheel — reported by UserActivity.razor.js):
/// idle time is counted from it. The circuit's own traffic does not count, so an unattended signed-in screen (the
/// meeting-room deck) reaches the idle timeout like any other.
/// </summary>
public sealed class CircuitActivity(TimeProvider clock)
{
    public DateTimeOffset LastActivity { get; private set; } = clock.GetUtcNow();

    public void Touch() => LastActivity = clock.GetUtcNow();

    [JSInvokable]
    public void UserInput() => Touch();

    public bool IsIdleLongerThan(TimeSpan timeout) => clock.GetUtcNow() - LastActivity > timeout;
}
