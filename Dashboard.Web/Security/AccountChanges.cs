using Dashboard.Data.Users;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.Security;

/// <summary>
/// Tells open pages that accounts changed — a user added, disabled, demoted, given a new password, or a session signed
/// out — whoever changed them (this app, the command line, another server). It follows <see cref="DataChanges"/>: after
/// each commit one small query compares what identifies the accounts' state; pages then re-check their own user at once
/// instead of at their next periodic check.
/// </summary>
public sealed class AccountChanges : IDisposable
{
    private readonly DataChanges changes;
    private readonly UserQueries users;
    private readonly ILogger<AccountChanges> logger;
    private readonly SemaphoreSlim checking = new(1, 1);
    private string? fingerprint;

    public AccountChanges(DataChanges changes, UserQueries users, ILogger<AccountChanges> logger)
    {
        this.changes = changes;
        this.users = users;
        this.logger = logger;
        changes.Changed += OnDataChanged;
    }

    /// <summary>Raised (on a background thread) when accounts or sessions changed.</summary>
    public event Action? Changed;

    private async void OnDataChanged(DataChange change)
    {
        // One check at a time; a burst of commits is covered by the check that follows it.
        if (!await checking.WaitAsync(0)) return;
        try
        {
            var now = await users.GetAccountsFingerprintAsync();
            var before = Interlocked.Exchange(ref fingerprint, now);
            if (before is not null && before != now)
            {
                Changed?.Invoke();
            }
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Checking accounts for changes failed; open pages re-check their user at their next periodic check");
        }
        finally
        {
            checking.Release();
        }
    }

    public void Dispose()
    {
        changes.Changed -= OnDataChanged;
        checking.Dispose();
    }
}
