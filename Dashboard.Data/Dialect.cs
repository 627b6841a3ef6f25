using System.Data.Common;
using Dapper;
using Npgsql;

namespace Dashboard.Data;

/// <summary>
/// The few pieces of SQL that differ between the engines, in one place. Everything else the data layer writes is the
/// same text on SQLite and PostgreSQL (and the schema's migrations are per engine: Schema/Sqlite, Schema/Postgres).
/// </summary>
public static class Dialect
{
    /// <summary>
    /// "<paramref name="column"/> is one of the list <paramref name="parameter"/>": Dapper expands <c>IN @list</c> into
    /// one parameter per item on SQLite, but hands PostgreSQL the list as one array, which needs <c>= ANY(@list)</c>.
    /// </summary>
    public static string AnyOf(DbConnection connection, string column, string parameter) =>
        connection is NpgsqlConnection ? $"{column} = ANY({parameter})" : $"{column} IN {parameter}";
}

public static class WriteTransactions
{
    /// <summary>Any number that is this product's own: the key of its one write lock on PostgreSQL.</summary>
    private const long WriteLockKey = 0x4461736862;   // "Dashb"

    /// <summary>
    /// Begins a transaction that writes. Writers take turns, one at a time, on both engines: SQLite's
    /// <c>BEGIN IMMEDIATE</c> (Microsoft.Data.Sqlite's default), and on PostgreSQL a transaction-scoped advisory lock
    /// held until commit or rollback. So every read-check-write in the data layer (the version a save started from,
    /// "keep one administrator", the sign-in throttle) sees the committed result of the writer before it, on one
    /// server or ten — the guarantees the commands were written against hold on both engines.
    /// </summary>
    public static async Task<DbTransaction> BeginWriteAsync(this DbConnection connection, CancellationToken cancellationToken = default)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (connection is NpgsqlConnection)
        {
            try
            {
                await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@key)", new { key = WriteLockKey },
                    transaction, cancellationToken: cancellationToken));
            }
            catch
            {
                await transaction.DisposeAsync();
                throw;
            }
        }
        return transaction;
    }
}
