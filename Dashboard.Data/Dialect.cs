using System.Data.Common;
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
