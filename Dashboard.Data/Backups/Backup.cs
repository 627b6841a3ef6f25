using System.IO.Compression;
using Microsoft.Data.Sqlite;

namespace Dashboard.Data.Backups;

/// <summary>
/// A backup of the data: one zip file holding <c>dashboard.db</c> — written by SQLite's <c>VACUUM INTO</c>, a
/// consistent copy taken while the app runs and saves (a file copy of a live WAL database can lose the last
/// commits) — and the sign-in keys folder (<c>keys/</c>), without which the copy's sessions and tokens are void.
/// The copy is checked (<c>PRAGMA integrity_check</c>) before the zip is written.
/// </summary>
public static class Backup
{
    public const string DatabaseEntry = "dashboard.db";
    public const string KeysFolder = "keys";

    /// <summary>
    /// Writes a backup to <paramref name="target"/>: a new .zip file, or a folder to put
    /// <c>dashboard-YYYYMMDD-HHMMSS.zip</c> in. Never overwrites a file. Returns the path written.
    /// </summary>
    public static async Task<string> CreateAsync(DashboardDb db, string keysFolder, string target, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        var path = Directory.Exists(target)
            ? Path.Combine(target, $"dashboard-{clock.GetLocalNow():yyyyMMdd-HHmmss}.zip")
            : Path.GetFullPath(target);
        if (File.Exists(path))
        {
            throw new IOException($"备份文件 {path} 已存在，不会覆盖。");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        var work = Directory.CreateTempSubdirectory("dashboard-backup-");
        try
        {
            var copy = Path.Combine(work.FullName, DatabaseEntry);
            await using (var connection = await db.OpenAsync(cancellationToken))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "VACUUM INTO @path";
                command.Parameters.AddWithValue("@path", copy);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            await CheckAsync(copy, cancellationToken);

            var partial = path + ".partial";
            using (var zip = ZipFile.Open(partial, ZipArchiveMode.Create))
            {
                zip.CreateEntryFromFile(copy, DatabaseEntry, CompressionLevel.Optimal);
                if (Directory.Exists(keysFolder))
                {
                    foreach (var key in Directory.EnumerateFiles(keysFolder))
                    {
                        zip.CreateEntryFromFile(key, $"{KeysFolder}/{Path.GetFileName(key)}", CompressionLevel.Optimal);
                    }
                }
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
