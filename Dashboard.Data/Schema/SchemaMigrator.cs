using System.Data.Common;
using System.Reflection;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Dashboard.Data.Schema;

/// <summary>
/// Brings a database to the current schema: the embedded Schema/&lt;Engine&gt;/NNNN_name.sql scripts not yet applied,
/// in order, in one transaction, recording the last one (SQLite: in PRAGMA user_version; PostgreSQL: in the table
/// schema_version). Both engines share the numbers: a PostgreSQL database starts at the schema SQLite's first nine
/// migrations built, and every later change comes as a pair with one number.
/// </summary>
public static class SchemaMigrator
{
    private static readonly List<Migration> SqliteMigrations = LoadMigrations(DatabaseEngine.Sqlite);
    private static readonly List<Migration> PostgresMigrations = LoadMigrations(DatabaseEngine.Postgres);

    /// <summary>SQLite's migrations, from the first.</summary>
    public static IReadOnlyList<Migration> Migrations => SqliteMigrations;

    public static IReadOnlyList<Migration> For(DatabaseEngine engine) =>
        engine == DatabaseEngine.Postgres ? PostgresMigrations : SqliteMigrations;

    public static int LatestVersion => SqliteMigrations[^1].Version;

    /// <summary>The version the database is at (0 for an empty one).</summary>
    public static async Task<int> CurrentVersionAsync(DbConnection connection, DbTransaction? transaction = null)
    {
        if (connection is not NpgsqlConnection)
        {
            return await connection.QuerySingleAsync<int>("PRAGMA user_version", transaction: transaction);
        }
        var exists = await connection.QuerySingleAsync<bool>("SELECT to_regclass('schema_version') IS NOT NULL", transaction: transaction);
        return exists
            ? (int)await connection.QuerySingleAsync<long>("SELECT coalesce(max(version), 0) FROM schema_version", transaction: transaction)
            : 0;
    }

    /// <summary>Checks that the database is healthy and not newer than this program, and migrates it.</summary>
    /// <exception cref="DatabaseUnavailableException">The database is corrupt, unreachable, or newer than this program.</exception>
    public static async Task MigrateAsync(DashboardDb db, CancellationToken cancellationToken = default)
    {
        if (db.Engine == DatabaseEngine.Postgres)
        {
            await MigratePostgresAsync(db, cancellationToken);
            return;
        }
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(db.DatabasePath)!);
            await using var connection = await db.OpenAsync(cancellationToken);

            var check = await connection.QuerySingleAsync<string>("PRAGMA quick_check");
            if (check != "ok")
            {
                throw new DatabaseUnavailableException(db.DatabasePath, $"完整性检查未通过（{check}）");
            }

            var current = await connection.QuerySingleAsync<int>("PRAGMA user_version");
            if (current > LatestVersion)
            {
                throw new DatabaseUnavailableException(db.DatabasePath,
                    $"数据库结构版本为 {current}，而本程序只认识到版本 {LatestVersion}；请使用更新的程序版本");
            }

            // The journal mode belongs to the file and cannot change inside a transaction.
            await connection.ExecuteAsync("PRAGMA journal_mode = WAL");

            // SQLite changes a table's constraints only by rebuilding it (a new table, the rows copied, the old one
            // dropped): with foreign keys enforced, dropping a table others refer to would delete or refuse. They are
            // off while migrating — which must be set outside the transaction — and checked before committing.
            await connection.ExecuteAsync("PRAGMA foreign_keys = OFF");
            try
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                foreach (var migration in Migrations.Where(m => m.Version > current))
                {
                    await connection.ExecuteAsync(migration.Sql, transaction: transaction);
                    await connection.ExecuteAsync($"PRAGMA user_version = {migration.Version}", transaction: transaction);
                }
                var broken = (await connection.QueryAsync<string>("SELECT \"table\" FROM pragma_foreign_key_check", transaction: transaction)).ToList();
                if (broken.Count > 0)
                {
                    throw new DatabaseUnavailableException(db.DatabasePath, $"升级后外键检查未通过（{string.Join("、", broken.Distinct())}），未做任何更改");
                }
                await transaction.CommitAsync(cancellationToken);
            }
            finally
            {
                await connection.ExecuteAsync("PRAGMA foreign_keys = ON");
            }
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SQLitePCL.raw.SQLITE_NOTADB or SQLitePCL.raw.SQLITE_CORRUPT)
        {
            throw new DatabaseUnavailableException(db.DatabasePath, "文件已损坏或不是 SQLite 数据库", e);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SQLitePCL.raw.SQLITE_CANTOPEN or SQLitePCL.raw.SQLITE_PERM
                                            or SQLitePCL.raw.SQLITE_READONLY or SQLitePCL.raw.SQLITE_IOERR)
        {
            throw new DatabaseUnavailableException(db.DatabasePath, "无法读写该文件（权限或磁盘问题）", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new DatabaseUnavailableException(db.DatabasePath, "无权访问该文件或其所在文件夹", e);
        }
    }

    /// <summary>
    /// Several app servers may start at once against one PostgreSQL database: an advisory lock lets one migrate while
    /// the others wait and then find nothing left to do.
    /// </summary>
    private static async Task MigratePostgresAsync(DashboardDb db, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await db.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(4242)", transaction: transaction);
            await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_version (version bigint PRIMARY KEY, applied_at text NOT NULL)",
                transaction: transaction);
            var current = await CurrentVersionAsync(connection, transaction);
            if (current > LatestVersion)
            {
                throw DatabaseUnavailableException.Postgres(db.Description,
                    $"数据库结构版本为 {current}，而本程序只认识到版本 {LatestVersion}；请使用更新的程序版本");
            }
            foreach (var migration in PostgresMigrations.Where(m => m.Version > current))
            {
                await connection.ExecuteAsync(migration.Sql, transaction: transaction);
                await connection.ExecuteAsync("INSERT INTO schema_version (version, applied_at) VALUES (@Version, @now)",
                    new { migration.Version, now = TimeProvider.System.GetUtcNow() }, transaction);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        catch (NpgsqlException e) when (IsUnreachable(e))
        {
            throw DatabaseUnavailableException.Postgres(db.Description, $"无法连接（{e.Message}）", e);
        }
    }

    /// <summary>The server is down or refuses us: no connection, wrong password (28…), no such database (3D000).</summary>
    private static bool IsUnreachable(NpgsqlException e) => e switch
    {
        PostgresException p => p.SqlState.StartsWith("28", StringComparison.Ordinal) || p.SqlState == "3D000",
        _ => true,
    };

    private static List<Migration> LoadMigrations(DatabaseEngine engine)
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var prefix = $"Schema.{engine}.";
        var migrations = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => new Migration(int.Parse(name.AsSpan(prefix.Length, 4)), name, Read(assembly, name)))
            .OrderBy(m => m.Version)
            .ToList();

        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version != migrations[i - 1].Version + 1)
            {
                throw new InvalidOperationException($"Schema migrations must be numbered one after another without gaps; found {migrations[i].Name}.");
            }
        }
        return migrations;
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

public sealed record Migration(int Version, string Name, string Sql);

/// <summary>The database cannot be used. The message names the file (or server) and says what to do.</summary>
public sealed class DatabaseUnavailableException : Exception
{
    public DatabaseUnavailableException(string path, string problem, Exception? inner = null)
        : this(path, $"无法使用数据库文件 {path}：{problem}。程序不会覆盖它；请从备份恢复，或把它移走后重新启动以新建数据库。", inner, true)
    {
    }

    private DatabaseUnavailableException(string where, string message, Exception? inner, bool _)
        : base(message, inner) => DatabasePath = where;

    public static DatabaseUnavailableException Postgres(string description, string problem, Exception? inner = null) =>
        new(description, $"无法使用数据库 {description}：{problem}。请检查连接字符串（ConnectionStrings:Dashboard）和数据库服务器。", inner, true);

    /// <summary>The file, or the PostgreSQL server and database.</summary>
    public string DatabasePath { get; }
}
