using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace Dashboard.Data.Schema;

/// <summary>The copy of one table: rows in both databases and the checksum of each side (equal when the copy is true).</summary>
public sealed record TableCopy(string Table, long SourceRows, long TargetRows, string SourceChecksum, string TargetChecksum)
{
    public bool Matches => SourceRows == TargetRows && SourceChecksum == TargetChecksum;
}

/// <summary>
/// Copies a SQLite database — figures, history, reports, targets, catalog, organizations, users, sessions — and the
/// sign-in keys of its data folder into an empty PostgreSQL database, in one transaction, then verifies the copy: the
/// rows of every table counted and checksummed on both sides (SHA-256 over every value in key order). A street that
/// grows into a district keeps everything, ids included (history and links refer to them).
/// </summary>
public static class CopyToPostgres
{
    /// <summary>Every table, parents before children, with the columns that order its rows.</summary>
    private static readonly (string Table, string Key)[] Tables =
    [
        ("organizations", "id"), ("categories", "id"), ("indicators", "id"), ("users", "id"), ("sessions", "id"),
        ("sign_in_failures", "name_hash, address"), ("figures", "id"), ("figure_history", "id"), ("reports", "id"),
        ("report_history", "id"), ("targets", "id"), ("target_history", "id"),
        ("indicators_not_reported", "organization_id, indicator_id"), ("catalog_history", "id"),
        ("year_states", "organization_id, year"), ("year_events", "id"), ("review_notes", "id"), ("collection_rounds", "id"),
        ("notifications", "id"), ("mail_outbox", "id"),
    ];

    /// <summary>Columns that point into their own table: copied empty, then set once every row is there.</summary>
    private static readonly Dictionary<string, string[]> SelfReferences = new()
    {
        ["organizations"] = ["parent_id"],
        ["indicators"] = ["parent_id", "rate_of_id"],
    };

    /// <exception cref="InvalidOperationException">The target is not empty or not PostgreSQL; nothing is written.</exception>
    public static async Task<IReadOnlyList<TableCopy>> CopyAsync(DashboardDb source, string? keysFolder, DashboardDb target,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        if (source.Engine != DatabaseEngine.Sqlite || target.Engine != DatabaseEngine.Postgres)
        {
            throw new InvalidOperationException("只能从 SQLite 数据库复制到 PostgreSQL 数据库。");
        }
        await SchemaMigrator.MigrateAsync(source, cancellationToken);
        await SchemaMigrator.MigrateAsync(target, cancellationToken);

        await using var from = await source.OpenAsync(cancellationToken);
        // A table added by a later migration but not listed here would be left behind without a word: refuse instead.
        var unknown = (await from.QueryAsync<string>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
            .Except(Tables.Select(t => t.Table)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException($"本程序不知道如何复制表 {string.Join("、", unknown)}；未做任何更改。");
        }
        await using var to = (NpgsqlConnection)await target.OpenAsync(cancellationToken);
        await using (var transaction = await to.BeginTransactionAsync(cancellationToken))
        {
            foreach (var (table, _) in Tables)
            {
                if (await to.QuerySingleAsync<bool>($"SELECT EXISTS (SELECT 1 FROM {table})", transaction: transaction))
                {
                    throw new InvalidOperationException($"目标数据库 {target.Description} 不是空的（表 {table} 已有数据）；只复制到新建的空数据库，未做任何更改。");
                }
            }
            if (await to.QuerySingleAsync<bool>("SELECT EXISTS (SELECT 1 FROM data_protection_keys)", transaction: transaction))
            {
                throw new InvalidOperationException($"目标数据库 {target.Description} 不是空的（已有登录密钥）；未做任何更改。");
            }

            foreach (var (table, key) in Tables)
            {
                var rows = await CopyTableAsync(from, to, table, key, cancellationToken);
                progress?.Report($"{table}: {rows}");
            }
            if (keysFolder is not null && Directory.Exists(keysFolder))
            {
                foreach (var file in Directory.EnumerateFiles(keysFolder, "*.xml"))
                {
                    await to.ExecuteAsync("INSERT INTO data_protection_keys (friendly_name, xml) VALUES (@name, @xml)",
                        new { name = Path.GetFileNameWithoutExtension(file), xml = await File.ReadAllTextAsync(file, cancellationToken) }, transaction);
                }
            }
            // New rows continue after the copied ids.
            foreach (var (table, key) in Tables.Where(t => t.Key == "id" && t.Table != "sessions"))
            {
                await to.ExecuteAsync($"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce((SELECT max(id) FROM {table}), 0) + 1, false)",
                    transaction: transaction);
            }
            await transaction.CommitAsync(cancellationToken);
        }

        var checks = new List<TableCopy>();
        foreach (var (table, key) in Tables)
        {
            var (sourceRows, sourceSum) = await ChecksumAsync(from, table, key, cancellationToken);
            var (targetRows, targetSum) = await ChecksumAsync(to, table, key, cancellationToken);
            checks.Add(new TableCopy(table, sourceRows, targetRows, sourceSum, targetSum));
        }
        return checks;
    }

    private static async Task<long> CopyTableAsync(System.Data.Common.DbConnection from, NpgsqlConnection to, string table, string key, CancellationToken cancellationToken)
    {
        var types = (await to.QueryAsync<(string Name, string Type)>(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table",
                new { table }))
            .ToDictionary(c => c.Name, c => c.Type switch
            {
                "bigint" => NpgsqlDbType.Bigint,
                "double precision" => NpgsqlDbType.Double,
                "text" => NpgsqlDbType.Text,
                var other => throw new InvalidOperationException($"{table}: unexpected column type {other}"),
            });
        var columns = (await from.QueryAsync<string>($"SELECT name FROM pragma_table_info('{table}')")).ToList();
        var missing = columns.Where(c => !types.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"{table}: PostgreSQL has no column {string.Join(", ", missing)}");
        }
        var selfReferences = SelfReferences.GetValueOrDefault(table, []);
        var later = new List<(object Key, string Column, object Value)>();

        await using var command = from.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", columns)} FROM {table} ORDER BY {key}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await using var writer = await to.BeginBinaryImportAsync(
            $"COPY {table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        long rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            await writer.StartRowAsync(cancellationToken);
            for (var i = 0; i < columns.Count; i++)
            {
                var value = reader.IsDBNull(i) ? null : reader.GetValue(i);
                if (value is not null && selfReferences.Contains(columns[i]))
                {
                    later.Add((reader.GetValue(columns.IndexOf("id")), columns[i], value));
                    value = null;
                }
                if (value is null)
                {
                    await writer.WriteNullAsync(cancellationToken);
                    continue;
                }
                var type = types[columns[i]];
                object typed = type switch
                {
                    NpgsqlDbType.Bigint => Convert.ToInt64(value, CultureInfo.InvariantCulture),
                    NpgsqlDbType.Double => Convert.ToDouble(value, CultureInfo.InvariantCulture),
                    _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
                };
                await writer.WriteAsync(typed, type, cancellationToken);
            }
            rows++;
        }
        await writer.CompleteAsync(cancellationToken);
        await writer.DisposeAsync();

        foreach (var (id, column, value) in later)
        {
            await to.ExecuteAsync($"UPDATE {table} SET {column} = @value WHERE id = @id",
                new { value = Convert.ToInt64(value, CultureInfo.InvariantCulture), id = Convert.ToInt64(id, CultureInfo.InvariantCulture) });
        }
        return rows;
    }

    /// <summary>Rows and SHA-256 over every value of the table in key order, written the same way for both engines.</summary>
    public static async Task<(long Rows, string Checksum)> ChecksumAsync(System.Data.Common.DbConnection connection, string table, string key, CancellationToken cancellationToken = default)
    {
        var columns = connection is NpgsqlConnection
            ? (await connection.QueryAsync<string>(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table ORDER BY column_name", new { table })).ToList()
            : (await connection.QueryAsync<string>($"SELECT name FROM pragma_table_info('{table}') ORDER BY name")).ToList();
        columns = columns.Order(StringComparer.Ordinal).ToList();
        await using var command = connection.CreateCommand();
        // COLLATE "C" on PostgreSQL: text keys in byte order, as SQLite sorts them.
        var order = connection is NpgsqlConnection
            ? string.Join(", ", key.Split(", ").Select(k => table is "sessions" or "sign_in_failures" ? $"{k} COLLATE \"C\"" : k))
            : key;
        command.CommandText = $"SELECT {string.Join(", ", columns)} FROM {table} ORDER BY {order}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long rows = 0;
        var line = new StringBuilder();
        while (await reader.ReadAsync(cancellationToken))
        {
            line.Clear();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                line.Append(reader.IsDBNull(i) ? "\u2400" : reader.GetValue(i) switch
                {
                    double d => d.ToString("R", CultureInfo.InvariantCulture),
                    var v => Convert.ToString(v, CultureInfo.InvariantCulture),
                }).Append('\u001f');
            }
            hash.AppendData(Encoding.UTF8.GetBytes(line.Append('\u001e').ToString()));
            rows++;
        }
        return (rows, Convert.ToHexString(hash.GetHashAndReset()));
    }
}
