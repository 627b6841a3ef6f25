using System.Data;
using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Dashboard.Data;

/// <summary>Where the data lives: one SQLite file (a street office, the embedded default) or a PostgreSQL database
/// (a district or a city, several app servers).</summary>
public enum DatabaseEngine
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Opens configured connections to the dashboard's database. A singleton: it holds no connection, each operation
/// opens its own (both providers pool them). The data layer is one body of Dapper code for both engines; the few
/// statements that differ are chosen by <see cref="Engine"/> where they stand.
/// </summary>
public sealed class DashboardDb : IAsyncDisposable
{
    // WAL lets readers run beside the writer; FULL makes a committed save survive a power cut;
    // the busy timeout lets a second process (an import) wait for the lock instead of failing.
    private const string SqlitePragmas = """
        PRAGMA foreign_keys = ON;
        PRAGMA busy_timeout = 5000;
        PRAGMA synchronous = FULL;
        """;

    private readonly NpgsqlDataSource? postgres;
    private readonly string? databasePath;

    static DashboardDb()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        // Dapper maps DateTimeOffset itself unless told otherwise, and its own map wins over a handler for parameters.
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
        SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());
    }

    /// <summary>A SQLite file.</summary>
    public DashboardDb(string databasePath)
    {
        Engine = DatabaseEngine.Sqlite;
        this.databasePath = Path.GetFullPath(databasePath);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = this.databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
        Description = this.databasePath;
    }

    /// <summary>How this product's connections name themselves to PostgreSQL (pg_stat_activity).</summary>
    public const string ApplicationPrefix = "dashboard ";

    /// <summary>This process's connections, told apart from other servers' (a restore refuses while those are connected).</summary>
    public static readonly string ApplicationName = ApplicationPrefix + Guid.NewGuid().ToString("N")[..12];

    private DashboardDb(NpgsqlConnectionStringBuilder builder)
    {
        builder.ApplicationName ??= ApplicationName;
        // The data layer sends the same few dozen statements over and over: prepared once per connection, each save's
        // round trips skip parsing and planning (measure-postgres.sh).
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
        }
        Engine = DatabaseEngine.Postgres;
        ConnectionString = builder.ConnectionString;
        postgres = NpgsqlDataSource.Create(builder);
        Description = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
    }

    /// <summary>
    /// A connection string of the form <c>Host=…;Database=…</c> selects PostgreSQL; <c>Data Source=…</c> keeps SQLite
    /// (a relative file name is taken from <paramref name="basePath"/>).
    /// </summary>
    public static DashboardDb FromConnectionString(string connectionString, string basePath)
    {
        if (IsPostgres(connectionString))
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrWhiteSpace(builder.Database))
            {
                throw new ArgumentException("PostgreSQL 连接字符串缺少 Database=…", nameof(connectionString));
            }
            return new DashboardDb(builder);
        }
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        return new DashboardDb(Path.GetFullPath(dataSource, basePath));
    }

    public static bool IsPostgres(string connectionString)
    {
        try
        {
            return new DbConnectionStringBuilder { ConnectionString = connectionString }.ContainsKey("Host");
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public DatabaseEngine Engine { get; }

    /// <summary>The SQLite file. PostgreSQL has no file of ours: check <see cref="Engine"/> first.</summary>
    public string DatabasePath => databasePath
        ?? throw new InvalidOperationException("A PostgreSQL database has no file; this operation is for SQLite only.");

    public string ConnectionString { get; }

    /// <summary>Where the data is, for logs and messages: the file, or the server and database (never a password).</summary>
    public string Description { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (postgres is not null)
        {
            return await postgres.OpenConnectionAsync(cancellationToken);
        }

        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = SqlitePragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => postgres?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>
    /// Timestamps are stored as text in UTC, <c>2025-02-01 08:00:00.1234567+00:00</c> — the form Microsoft.Data.Sqlite
    /// has always written, so databases from earlier versions compare alike — which sorts as time does. Both engines
    /// get the same text (PostgreSQL's columns are text too).
    /// </summary>
    private sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
        }

        public override DateTimeOffset Parse(object value) =>
            DateTimeOffset.Parse((string)value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }
}
