using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Security;

/// <summary>When the user of this circuit last did something (a click, a key, a change): idle time is counted from it.</summary>
public sealed class CircuitActivity(TimeProvider clock)
{
    public DateTimeOffset LastActivity { get; private set; } = clock.GetUtcNow();

    public void Touch() => LastActivity = clock.GetUtcNow();

    public bool IsIdleLongerThan(TimeSpan timeout) => clock.GetUtcNow() - LastActivity > timeout;
}

/// <summary>Counts every message the browser sends on the circuit as activity.</summary>
internal sealed class CircuitActivityHandler(CircuitActivity activity) : CircuitHandler
{
    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        context =>
        {
            activity.Touch();
            return next(context);
        };
}
