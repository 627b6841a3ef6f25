using Dapper;
using Dashboard.Data;
using Dashboard.Data.Schema;

namespace Dashboard.Web.Hosting;

/// <summary>
/// <c>/healthz</c> for monitoring (and for open pages, which ask it whether the server is back before they reload):
/// the database reachable and writable, its schema version, the free space where the data lives, and whether the last
/// scheduled backup failed.
/// 200 when all is well, 503 with the reason in plain words when not. Only the status goes to anyone: the details
/// (problems, free space, schema version, backups) go to callers on the same machine (monitoring, the proxy) and to
/// signed-in administrators, not to every visitor of an intranet.
/// </summary>
public static class Health
{
    /// <summary>Below this much free space the data folder is reported as a problem: backups and the WAL need room.</summary>
    public const long MinimumFreeBytes = 200L * 1024 * 1024;

    public static IEndpointConventionBuilder MapHealth(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/healthz", async (HttpContext context, DashboardDb db, DataPaths paths, BackupStatus backups, CancellationToken cancellationToken) =>
        {
            var problems = new List<string>();
            long? schemaVersion = null;
            try
            {
                await using var connection = await db.OpenAsync(cancellationToken);
                schemaVersion = await SchemaMigrator.CurrentVersionAsync(connection);
                if (db.Engine == DatabaseEngine.Sqlite)
                {
                    // Writable: take the write lock and let it go, changing nothing.
                    await connection.ExecuteAsync("BEGIN IMMEDIATE; ROLLBACK;");
                }
                else if (await connection.QuerySingleAsync<bool>("SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on'"))
                {
                    problems.Add("数据库只读（备用服务器或只读事务），无法保存。");
                }
            }
            catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
            {
                problems.Add($"数据库不可用：{e.Message}");
            }

            long? freeBytes = null;
            try
            {
                freeBytes = new DriveInfo(Path.GetFullPath(paths.DataFolder)).AvailableFreeSpace;
                if (freeBytes < MinimumFreeBytes)
                {
                    problems.Add($"数据目录所在磁盘剩余空间不足 {MinimumFreeBytes / 1024 / 1024} MB。");
                }
            }
            catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
            {
                problems.Add($"无法读取数据目录的磁盘空间：{e.Message}");
            }

            if (backups.LastFailure is { } failure)
            {
                problems.Add(failure);
            }

            var status = problems.Count == 0 ? "ok" : "unhealthy";
            var code = problems.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
            var detailed = context.Connection.RemoteIpAddress is { } address && System.Net.IPAddress.IsLoopback(address)
                           || Dashboard.Web.Security.Policies.Permits(Dashboard.Web.Security.ActorExtensions.ToActor(context.User), Dashboard.Web.Security.Policies.Administer);
            return detailed
                ? Results.Json(new { status, schemaVersion, freeBytes, lastBackup = backups.LastSuccess, nextBackup = backups.NextRun, problems }, statusCode: code)
                : Results.Json(new { status }, statusCode: code);
        }).AllowAnonymous();
}
