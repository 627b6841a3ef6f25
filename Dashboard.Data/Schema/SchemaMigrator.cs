using System.Reflection;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Dashboard.Data.Schema;

/// <summary>
/// Brings a database file to the current schema: the embedded Schema/NNNN_name.sql scripts not yet applied,
/// in order, in one transaction, recording the last one in PRAGMA user_version.
/// </summary>
public static class SchemaMigrator
{
    public static IReadOnlyList<Migration> Migrations { get; } = LoadMigrations();

    public static int LatestVersion => Migrations[^1].Version;

    /// <summary>Checks that the file is a healthy SQLite database, switches it to WAL, and migrates it.</summary>
    /// <exception cref="DatabaseUnavailableException">The file is corrupt, not a database, unreadable, or newer than this program.</exception>
    public static async Task MigrateAsync(DashboardDb db, CancellationToken cancellationToken = default)
    {
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

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            foreach (var migration in Migrations.Where(m => m.Version > current))
            {
                await connection.ExecuteAsync(migration.Sql, transaction: transaction);
                await connection.ExecuteAsync($"PRAGMA user_version = {migration.Version}", transaction: transaction);
            }
            await transaction.CommitAsync(cancellationToken);
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

    private static List<Migration> LoadMigrations()
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith("Schema.", StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => new Migration(int.Parse(name.AsSpan(7, 4)), name, Read(assembly, name)))
            .OrderBy(m => m.Version)
            .ToList();

        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"Schema migrations must be numbered 0001, 0002, … without gaps; found {migrations[i].Name}.");
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

/// <summary>The database file cannot be used. The message names the file and says what to do.</summary>
public sealed class DatabaseUnavailableException(string path, string problem, Exception? inner = null)
    : Exception($"无法使用数据库文件 {path}：{problem}。程序不会覆盖它；请从备份恢复，或把它移走后重新启动以新建数据库。", inner)
{
    public string DatabasePath { get; } = path;
}
