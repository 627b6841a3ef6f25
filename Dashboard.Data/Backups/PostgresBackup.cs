using System.Diagnostics;
using Dapper;
using Dashboard.Data.Schema;
using Npgsql;

namespace Dashboard.Data.Backups;

/// <summary>
/// Backups of a PostgreSQL database with PostgreSQL's own tools: <c>pg_dump</c> in its custom format (compressed, one
/// file), checked by a trial <c>pg_restore</c> into a temporary database before the file gets its final name, and
/// <c>pg_restore</c> back. The sign-in keys live in the database (table data_protection_keys): a backup holds them only
/// when asked, as on SQLite. The tools come with PostgreSQL (Debian: <c>apt-get install postgresql-client</c>).
/// </summary>
public static class PostgresBackup
{
    public const string Extension = ".dump";

    /// <summary>Writes a backup to <paramref name="target"/> (a new .dump file, or a folder for dashboard-YYYYMMDD-HHMMSS.dump).</summary>
    public static async Task<string> CreateAsync(DashboardDb db, bool withKeys, string target, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        var path = Backup.NewFile(target, Extension, clock);
        var partial = path + ".partial";
        try
        {
            List<string> arguments = ["--format=custom", "--no-owner", "--no-privileges", "--file", partial];
            if (!withKeys)
            {
                arguments.Add("--exclude-table-data=data_protection_keys");
            }
            await RunAsync("pg_dump", Connection(db.ConnectionString), arguments, cancellationToken);
            await TrialRestoreAsync(db, partial, cancellationToken);
            await using (var file = new FileStream(partial, FileMode.Open, FileAccess.ReadWrite))
            {
                file.Flush(flushToDisk: true);
            }
            File.Move(partial, path);
            return path;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>
    /// Replaces the database's contents with the backup's, in one transaction, after a trial restore has shown the file
    /// whole. The contents it replaces are first written aside as a backup (<paramref name="asideFolder"/>). Every
    /// session ends: everyone signs in again. Refused while an app server is connected to the database.
    /// </summary>
    public static async Task<RestoreResult> RestoreAsync(DashboardDb db, string dumpPath, string asideFolder, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(dumpPath))
        {
            throw new BackupException($"备份文件 {dumpPath} 不存在。");
        }
        var version = await TrialRestoreAsync(db, dumpPath, cancellationToken);

        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            var servers = await connection.QuerySingleAsync<long>("""
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND starts_with(application_name, @prefix) AND application_name <> @own
                """, new { prefix = DashboardDb.ApplicationPrefix, own = DashboardDb.ApplicationName });
            if (servers > 0)
            {
                throw new BackupException($"恢复失败：有 {servers} 个应用连接正在使用数据库 {db.Description}。请先停止所有应用服务器，再恢复。未做任何更改。");
            }
        }

        Directory.CreateDirectory(asideFolder);
        var aside = await CreateAsync(db, withKeys: true, Path.Combine(asideFolder, $"before-restore-{clock.GetLocalNow():yyyyMMdd-HHmmss}{Extension}"), clock, cancellationToken);
        await RunAsync("pg_restore", Connection(db.ConnectionString),
            ["--clean", "--if-exists", "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges", "--dbname", Database(db.ConnectionString), dumpPath],
            cancellationToken);
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            await connection.ExecuteAsync("UPDATE sessions SET ended_at = @now WHERE ended_at IS NULL", new { now = clock.GetUtcNow() });
            var keys = await connection.QuerySingleAsync<long>("SELECT count(*) FROM data_protection_keys");
            return new RestoreResult(version, aside, keys > 0);
        }
    }

    /// <summary>Restores the dump into a new temporary database and reads it back; returns its schema version.</summary>
    private static async Task<int> TrialRestoreAsync(DashboardDb db, string dumpPath, CancellationToken cancellationToken)
    {
        var trial = $"dashboard_trial_{Guid.NewGuid():N}"[..40];
        await using var server = await db.OpenAsync(cancellationToken);
        try
        {
            await server.ExecuteAsync($"CREATE DATABASE \"{trial}\"");
        }
        catch (PostgresException e)
        {
            throw new BackupException($"无法建立检查备份用的临时数据库（数据库用户需要 CREATEDB 权限）：{e.MessageText}");
        }
        try
        {
            var trialConnection = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Database = trial, Pooling = false }.ConnectionString;
            await RunAsync("pg_restore", Connection(trialConnection),
                ["--exit-on-error", "--no-owner", "--no-privileges", "--dbname", trial, dumpPath], cancellationToken);
            await using var check = new NpgsqlConnection(trialConnection);
            await check.OpenAsync(cancellationToken);
            var version = await SchemaMigrator.CurrentVersionAsync(check);
            var tables = await check.QuerySingleAsync<long>("""
                SELECT count(*) FROM information_schema.tables
                WHERE table_schema = 'public' AND table_name IN ('figures', 'figure_history', 'indicators', 'organizations')
                """);
            if (version < 1 || tables < 4)
            {
                throw new BackupException("备份中的数据库不是本程序的数据库（缺少指标数据表）。");
            }
            if (version > SchemaMigrator.LatestVersion)
            {
                throw new BackupException($"备份的数据库结构版本为 {version}，而本程序只认识到版本 {SchemaMigrator.LatestVersion}；请用更新的程序版本恢复。");
            }
            await check.QuerySingleAsync<long>("SELECT count(*) FROM figure_history");
            return version;
        }
        finally
        {
            await server.ExecuteAsync($"DROP DATABASE IF EXISTS \"{trial}\" WITH (FORCE)");
        }
    }

    /// <summary>libpq's environment for the tools: the password never appears on a command line.</summary>
    private static Dictionary<string, string?> Connection(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return new Dictionary<string, string?>
        {
            ["PGHOST"] = builder.Host,
            ["PGPORT"] = builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PGUSER"] = builder.Username,
            ["PGPASSWORD"] = builder.Password,
            ["PGDATABASE"] = builder.Database,
            ["PGAPPNAME"] = "dashboard-backup",
        };
    }

    private static string Database(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString).Database!;

    private static async Task RunAsync(string tool, Dictionary<string, string?> environment, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var program = Find(tool) ?? throw new BackupException(
            $"未找到 {tool}：PostgreSQL 数据库的备份与恢复需要 PostgreSQL 客户端程序（Debian/Ubuntu：apt-get install postgresql-client；或设置环境变量 PG_BIN 为其所在目录）。");
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new BackupException($"{tool} 失败（退出码 {process.ExitCode}）：{(await errors).Trim()}");
        }
    }

    /// <summary>On PATH, in PG_BIN, or in Debian's /usr/lib/postgresql/N/bin (the newest).</summary>
    private static string? Find(string tool)
    {
        var folders = new List<string>();
        if (Environment.GetEnvironmentVariable("PG_BIN") is { Length: > 0 } bin) folders.Add(bin);
        folders.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            folders.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        }
        return folders.Select(f => Path.Combine(f, tool)).FirstOrDefault(File.Exists);
    }
}
