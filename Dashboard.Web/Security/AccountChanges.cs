using Dashboard.Data.Changes;
using Dashboard.Data.Users;

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
    private int pending;

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
        // One check at a time. A commit that arrives during a check is not lost: it leaves a check pending, which the
        // running one (or, if it just finished, this call) runs.
        Interlocked.Exchange(ref pending, 1);
        while (Volatile.Read(ref pending) == 1 && await checking.WaitAsync(0))
        {
            try
            {
                while (Interlocked.Exchange(ref pending, 0) == 1)
                {
                    var now = await users.GetAccountsFingerprintAsync();
                    // Unknown before (the first check since start): announce too, an extra re-check costs little.
                    if (Interlocked.Exchange(ref fingerprint, now) != now)
                    {
                        Changed?.Invoke();
                    }
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
    }

    public void Dispose()
    {
        changes.Changed -= OnDataChanged;
        checking.Dispose();
    }
}
