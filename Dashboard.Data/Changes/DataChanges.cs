using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Dashboard.Data.Changes;

/// <summary>
/// Tells open screens that the data changed — whoever changed it, through whichever server.
/// On SQLite it watches <c>PRAGMA data_version</c> on a connection of its own, which moves whenever any other
/// connection commits: a save in this app (its pooled connections are "other" connections too) or in another process
/// writing the same file, such as an import; a change is seen within <see cref="PollInterval"/>.
/// On PostgreSQL it LISTENs on <c>dashboard_changes</c>, which the schema's triggers notify on every commit that
/// changes what screens show — from any app server, an import or psql — and PostgreSQL delivers at once.
/// </summary>
public sealed class DataChanges(DashboardDb db, TimeProvider clock, ILogger<DataChanges> logger) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    private long dataVersion = -1;
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the first reading is taken: a commit after it is seen as a change.</summary>
    public Task Ready => ready.Task;
    private bool lost;

    /// <summary>Raised (on a background thread) after a commit by anyone; subscribers re-read what they show.</summary>
    public event Action<DataChange>? Changed;

    /// <summary>The last change seen, for screens that open later and want to say "更新于 …".</summary>
    public DataChange? Last { get; private set; }

    /// <summary>Counts the changes seen: anything computed from the data at one version is valid until the next.</summary>
    public long Version => Interlocked.Read(ref version);

    private long version;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        db.Engine == DatabaseEngine.Postgres ? ListenAsync(stoppingToken) : PollAsync(stoppingToken);

    private void Announce()
    {
        Interlocked.Increment(ref version);
        Last = new DataChange(clock.GetUtcNow());
        Changed?.Invoke(Last);
    }

    /// <summary>
    /// PostgreSQL: one connection per app server waits for notices. When the connection is lost (the database
    /// restarted, the network dropped) notices sent meanwhile are gone, so screens reload once it is back.
    /// </summary>
    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var retry = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = (NpgsqlConnection)await db.OpenAsync(stoppingToken);
                var seen = 0;
                connection.Notification += (_, _) => seen++;
                await using (var listen = new NpgsqlCommand("LISTEN dashboard_changes", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                if (lost)
                {
                    Announce();
                    lost = false;
                }
                ready.TrySetResult();
                while (true)
                {
                    // Returns once a notice has arrived (and its handler has run). Screens re-read at most once per
                    // burst anyway: the views cache by version.
                    await connection.WaitAsync(stoppingToken);
                    if (seen > 0)
                    {
                        seen = 0;
                        Announce();
                    }
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Listening for database changes failed; retrying");
                lost = true;
                try
                {
                    await Task.Delay(retry, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task PollAsync(CancellationToken stoppingToken)
    {
        DbConnection? connection = null;
        using var timer = new PeriodicTimer(PollInterval, clock);
        try
        {
            do
            {
                try
                {
                    connection ??= await db.OpenAsync(stoppingToken);
                    await using var command = connection.CreateCommand();
                    command.CommandText = "PRAGMA data_version";
                    var current = (long)(await command.ExecuteScalarAsync(stoppingToken))!;
                    // After losing the connection (a schema change, a restore replacing the file) nobody knows what
                    // changed meanwhile: screens reload once.
                    if (dataVersion >= 0 && current != dataVersion || lost)
                    {
                        Announce();
                    }
                    dataVersion = current;
                    lost = false;
                    ready.TrySetResult();
                }
                catch (SqliteException e)
                {
                    // The file may be briefly locked or replaced (a restore): reconnect on the next tick.
                    logger.LogWarning(e, "Watching the database for changes failed; retrying");
                    if (connection is not null) await connection.DisposeAsync();
                    connection = null;
                    dataVersion = -1;
                    lost = true;
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (connection is not null) await connection.DisposeAsync();
        }
    }
}

public sealed record DataChange(DateTimeOffset At);
