using System.IO.Compression;
using Dashboard.Data.Schema;
using Microsoft.Data.Sqlite;

namespace Dashboard.Data.Backups;

/// <summary>
/// A backup of the data: one zip file holding <c>dashboard.db</c> — written by SQLite's <c>VACUUM INTO</c>, a
/// consistent copy taken while the app runs and saves (a file copy of a live WAL database can lose the last
/// commits) — and, only when asked, the sign-in keys folder (<c>keys/</c>): with the keys, whoever reads the backup
/// can mint anyone's session; without them, a restore on another machine asks everyone to sign in again.
/// The copy is checked (<c>PRAGMA integrity_check</c>) before the zip is written. A backup is as sensitive as the
/// database (password hashes): the process writes it readable by its own user only (FilePrivacy).
/// </summary>
public static class Backup
{
    public const string DatabaseEntry = "dashboard.db";
    public const string KeysFolder = "keys";

    /// <summary>
    /// Writes a backup to <paramref name="target"/>: a new .zip file, or a folder to put
    /// <c>dashboard-YYYYMMDD-HHMMSS.zip</c> in, with the sign-in keys of <paramref name="keysFolder"/> when one is
    /// given. Never overwrites a file. Returns the path written.
    /// </summary>
    public static async Task<string> CreateAsync(DashboardDb db, string? keysFolder, string target, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        var path = NewFile(target, ".zip", clock);
        var work = Directory.CreateTempSubdirectory("dashboard-backup-");
        try
        {
            var copy = Path.Combine(work.FullName, DatabaseEntry);
            // Its own connection, never returned to the pool: the copy is written without fsync (synchronous=OFF
            // applies to this connection only), so a backup does not flood the disk with a burst of synced writes
            // that the editors' saves (each one fsynced) would queue behind. The finished zip is synced instead.
            await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder(db.ConnectionString) { Pooling = false }.ToString()))
            {
                await connection.OpenAsync(cancellationToken);
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA busy_timeout = 5000; PRAGMA synchronous = OFF;";
                await command.ExecuteNonQueryAsync(cancellationToken);
                command.CommandText = "VACUUM INTO @path";
                command.Parameters.AddWithValue("@path", copy);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            await CheckAsync(copy, cancellationToken);

            var partial = path + ".partial";
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.ReadWrite))
            {
                using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
                {
                    zip.CreateEntryFromFile(copy, DatabaseEntry, CompressionLevel.Optimal);
                    if (keysFolder is not null && Directory.Exists(keysFolder))
                    {
                        foreach (var key in Directory.EnumerateFiles(keysFolder))
                        {
                            zip.CreateEntryFromFile(key, $"{KeysFolder}/{Path.GetFileName(key)}", CompressionLevel.Optimal);
                        }
                    }
                }
                file.Flush(flushToDisk: true); // on disk before it gets its final name
            }
            // Complete or absent: a crash while zipping leaves only the .partial file.
            File.Move(partial, path);
            return path;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            work.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Where a new backup goes: <paramref name="target"/> itself, or dashboard-YYYYMMDD-HHMMSS<paramref name="extension"/>
    /// in it when it is a folder. Never a file that exists: a backup overwrites nothing.
    /// </summary>
    internal static string NewFile(string target, string extension, TimeProvider clock)
    {
        var path = Directory.Exists(target)
            ? Path.Combine(target, $"dashboard-{clock.GetLocalNow():yyyyMMdd-HHmmss}{extension}")
            : Path.GetFullPath(target);
        if (File.Exists(path))
        {
            throw new IOException($"备份文件 {path} 已存在，不会覆盖。");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    /// <summary>
    /// Replaces the database (and the sign-in keys, when the backup holds them) with those of the backup
    /// <paramref name="zipPath"/>, after checking the backup (a zip holding <c>dashboard.db</c>, intact, a schema version
    /// this program knows). The previous database (with its <c>-wal</c> and <c>-shm</c> files) and keys it replaces are
    /// moved, not deleted, into a new folder <c>before-restore-YYYYMMDD-HHMMSS</c> beside the database. A backup without
    /// keys leaves the current keys in place. The app must not be running. Nothing is replaced when a check fails.
    /// </summary>
    /// <returns>The folder the previous data was moved to, or null when there was none.</returns>
    public static async Task<RestoreResult> RestoreAsync(string zipPath, string databasePath, string keysFolder, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(zipPath))
        {
            throw new BackupException($"备份文件 {zipPath} 不存在。");
        }
        var dataFolder = Path.GetDirectoryName(Path.GetFullPath(databasePath))!;
        Directory.CreateDirectory(dataFolder);
        // Unpacked beside the database, so that putting it in place is a rename on the same disk.
        var work = Directory.CreateDirectory(Path.Combine(dataFolder, $".restore-{Guid.NewGuid():N}"));
        try
        {
            var candidate = Path.Combine(work.FullName, DatabaseEntry);
            var keys = Path.Combine(work.FullName, KeysFolder);
            try
            {
                using var zip = ZipFile.OpenRead(zipPath);
                var entry = zip.GetEntry(DatabaseEntry) ?? throw new BackupException($"{zipPath} 不是本程序的备份：其中没有 {DatabaseEntry}。");
                entry.ExtractToFile(candidate);
                foreach (var key in zip.Entries.Where(e => e.FullName.StartsWith(KeysFolder + "/", StringComparison.Ordinal) && e.Name.Length > 0))
                {
                    Directory.CreateDirectory(keys);
                    // The name only: an entry cannot write outside the keys folder.
                    key.ExtractToFile(Path.Combine(keys, Path.GetFileName(key.Name)));
                }
            }
            catch (InvalidDataException e)
            {
                throw new BackupException($"{zipPath} 不是有效的 zip 文件：{e.Message}");
            }

            var version = await CheckRestorableAsync(candidate, cancellationToken);
            await EndSessionsAsync(candidate, clock, cancellationToken);

            var aside = Path.Combine(dataFolder, $"before-restore-{clock.GetLocalNow():yyyyMMdd-HHmmss}");
            for (var n = 2; Directory.Exists(aside); n++)
            {
                aside = Path.Combine(dataFolder, $"before-restore-{clock.GetLocalNow():yyyyMMdd-HHmmss}-{n}");
            }
            var moves = new List<(string From, string To, bool IsFolder)>();
            foreach (var file in new[] { databasePath, databasePath + "-wal", databasePath + "-shm" }.Where(File.Exists))
            {
                moves.Add((file, Path.Combine(aside, Path.GetFileName(file)), false));
            }
            var withKeys = Directory.Exists(keys);
            if (withKeys && Directory.Exists(keysFolder))
            {
                moves.Add((keysFolder, Path.Combine(aside, KeysFolder), true));
            }
            moves.Add((candidate, databasePath, false));
            if (withKeys)
            {
                moves.Add((keys, keysFolder, true));
            }

            var done = new Stack<(string From, string To, bool IsFolder)>();
            try
            {
                foreach (var move in moves)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(move.To)!);
                    if (move.IsFolder) Directory.Move(move.From, move.To);
                    else File.Move(move.From, move.To);
                    done.Push(move);
                }
            }
            catch
            {
                // Put back what was moved: the data stays as it was before the restore began.
                while (done.TryPop(out var move))
                {
                    if (move.IsFolder) Directory.Move(move.To, move.From);
                    else File.Move(move.To, move.From);
                }
                throw;
            }
            var moved = moves.Any(m => m.To.StartsWith(aside, StringComparison.Ordinal));
            return new RestoreResult(version, moved ? aside : null, withKeys);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            work.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Ends every session of the restored database: a session signed out (or a password changed) after the backup was
    /// taken must not come back to life with it. After a restore, everyone signs in again.
    /// </summary>
    private static async Task EndSessionsAsync(string path, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'sessions'";
        if (Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken)) == 0)
        {
            return;   // from before sessions were kept
        }
        command.CommandText = "UPDATE sessions SET ended_at = @now WHERE ended_at IS NULL";
        command.Parameters.AddWithValue("@now", clock.GetUtcNow().ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Checks a database file before it replaces the live one; returns its schema version.</summary>
    private static async Task<int> CheckRestorableAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await CheckAsync(path, cancellationToken);
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version";
            var version = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken));
            command.CommandText = "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('figures', 'figure_history', 'indicators', 'organizations')";
            var tables = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken));
            if (version < 1 || tables < 4)
            {
                throw new BackupException("备份中的数据库不是本程序的数据库（缺少指标数据表）。");
            }
            if (version > SchemaMigrator.LatestVersion)
            {
                throw new BackupException($"备份的数据库结构版本为 {version}，而本程序只认识到版本 {SchemaMigrator.LatestVersion}；请用更新的程序版本恢复。");
            }
            return version;
        }
        catch (SqliteException e)
        {
            throw new BackupException($"备份中的数据库无法读取（已损坏或不是 SQLite 数据库）：{e.Message}");
        }
        catch (IOException e) when (e is not BackupException)
        {
            throw new BackupException(e.Message);
        }
    }

    /// <summary>Throws when the database file at <paramref name="path"/> is not intact.</summary>
    public static async Task CheckAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        var result = (string?)await command.ExecuteScalarAsync(cancellationToken);
        if (result != "ok")
        {
            throw new IOException($"备份副本 {path} 未通过完整性检查：{result}");
        }
    }
}

/// <summary>
/// What a restore did: the schema version restored (older ones are migrated at the next start), where the previous data
/// went, and whether the backup brought its sign-in keys.
/// </summary>
public sealed record RestoreResult(int SchemaVersion, string? PreviousDataFolder, bool RestoredKeys);

/// <summary>A backup cannot be written or restored; the message says why, in words for an administrator.</summary>
public sealed class BackupException(string message) : IOException(message);
