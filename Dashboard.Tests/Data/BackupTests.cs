using System.Diagnostics;
using System.IO.Compression;
using Dashboard.Data;
using Dashboard.Data.Backups;
using Dashboard.Data.Figures;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Microsoft.Data.Sqlite;
using static Dashboard.Tests.Support.Actors;

namespace Dashboard.Tests.Data;

public sealed class BackupTests
{
    [Fact]
    public async Task ABackupTakenWhileSavesRunHoldsEverySaveAcknowledgedBeforeItAndTheKeys()
    {
        await using var database = await TempDatabase.CreateSeededAsync();
        var keys = Directory.CreateDirectory(Path.Combine(database.Folder, "keys")).FullName;
        await File.WriteAllTextAsync(Path.Combine(keys, "key-1.xml"), "<key />");
        var commands = new FigureCommands(database.Db, TimeProvider.System);
        var figure = (await new FigureQueries(database.Db).GetFiguresAsync(1, 2024, Reader.System("测试"))).First();

        // A writer saving one figure over and over while the backup runs.
        using var stop = new CancellationTokenSource();
        var acknowledged = 0;
        var writer = Task.Run(async () =>
        {
            var version = figure.Version;
            for (var i = 1; !stop.IsCancellationRequested; i++)
            {
                var result = await commands.SaveAsync(new FigureSave
                {
                    OrganizationId = figure.OrganizationId, IndicatorId = figure.IndicatorId, Year = 2024, Value = 1000 + i, Qualifier = Qualifier.Exact,
                    Status = figure.Status, SourceText = figure.SourceText, Note = figure.Note, ExpectedVersion = version, Reason = "备份测试",
                }, Writer("备份测试"));
                version = result.Saved.Single().Version;
                Volatile.Write(ref acknowledged, i);
            }
        });
        while (Volatile.Read(ref acknowledged) < 20) await Task.Yield();

        var before = Volatile.Read(ref acknowledged);
        var zip = await Backup.CreateAsync(database.Db, keys, Path.Combine(database.Folder, "backup.zip"), TimeProvider.System);
        await stop.CancelAsync();
        await writer;

        var restored = Path.Combine(database.Folder, "restored.db");
        using (var archive = ZipFile.OpenRead(zip))
        {
            Assert.Equal(["dashboard.db", "keys/key-1.xml"], archive.Entries.Select(e => e.FullName).Order());
            archive.GetEntry("dashboard.db")!.ExtractToFile(restored);
        }
        await Backup.CheckAsync(restored);
        var value = (await new FigureQueries(new DashboardDb(restored)).GetFiguresAsync(1, 2024, Reader.System("测试"))).Single(f => f.IndicatorId == figure.IndicatorId).Value;
        Assert.True(value >= 1000 + before, $"the backup holds {value}, but save {1000 + before} was acknowledged before it started");
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task ABackupNeverOverwritesAFile()
    {
        await using var database = await TempDatabase.CreateSeededAsync();
        var existing = Path.Combine(database.Folder, "backup.zip");
        await File.WriteAllTextAsync(existing, "precious");

        var error = await Assert.ThrowsAsync<IOException>(() => Backup.CreateAsync(database.Db, "none", existing, TimeProvider.System));

        Assert.Contains("已存在，不会覆盖", error.Message);
        Assert.Equal("precious", await File.ReadAllTextAsync(existing));
    }

    [Fact]
    public async Task TheBackupCommandWritesAZipIntoAFolder()
    {
        await using var database = await TempDatabase.CreateSeededAsync();
        var folder = Directory.CreateDirectory(Path.Combine(database.Folder, "backups")).FullName;

        var (exitCode, output, error) = await RunCommandAsync(database.Folder, "backup", folder);

        Assert.True(exitCode == 0, error);
        Assert.Contains("已备份到", output);
        var zip = Assert.Single(Directory.GetFiles(folder, "dashboard-*.zip"));
        using var archive = ZipFile.OpenRead(zip);
        Assert.Contains(archive.Entries, e => e.FullName == "dashboard.db" && e.Length > 0);
    }

    [Fact]
    public async Task RestoreBringsBackTheBackupsFiguresAndKeysAndKeepsThePreviousDataAside()
    {
        await using var database = await TempDatabase.CreateSeededAsync();
        var keys = Directory.CreateDirectory(Path.Combine(database.Folder, "keys")).FullName;
        await File.WriteAllTextAsync(Path.Combine(keys, "key-1.xml"), "<key id='backed-up' />");
        var figure = await SaveAsync(database, 111);
        var zip = await Backup.CreateAsync(database.Db, keys, Path.Combine(database.Folder, "backup.zip"), TimeProvider.System);
        // After the backup: a later save and a new key, which the restore must set aside, not destroy.
        await SaveAsync(database, 222);
        await File.WriteAllTextAsync(Path.Combine(keys, "key-2.xml"), "<key id='later' />");
        SqliteConnection.ClearAllPools();

        var (exitCode, output, error) = await RunCommandAsync(database.Folder, "restore", zip);

        Assert.True(exitCode == 0, error);
        Assert.Contains("已从", output);
        Assert.Equal(111, await ValueAsync(database.Db, figure));
        Assert.Equal(["key-1.xml"], Directory.GetFiles(keys).Select(Path.GetFileName));
        var aside = Assert.Single(Directory.GetDirectories(database.Folder, "before-restore-*"));
        Assert.Contains(aside, output);
        Assert.Equal(222, await ValueAsync(new DashboardDb(Path.Combine(aside, "dashboard.db")), figure));
        Assert.Equal(["key-1.xml", "key-2.xml"], Directory.GetFiles(Path.Combine(aside, "keys")).Select(Path.GetFileName).Order());
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task ABackupWithoutKeysRestoresTheDatabaseAndLeavesTheCurrentKeysInPlace()
    {
        await using var database = await TempDatabase.CreateSeededAsync();
        var keys = Directory.CreateDirectory(Path.Combine(database.Folder, "keys")).FullName;
        await File.WriteAllTextAsync(Path.Combine(keys, "key-1.xml"), "<key id='current' />");
        var figure = await SaveAsync(database, 111);
        var zip = await Backup.CreateAsync(database.Db, keysFolder: null, Path.Combine(database.Folder, "backup.zip"), TimeProvider.System);
        await SaveAsync(database, 222);
        SqliteConnection.ClearAllPools();

        var (exitCode, output, error) = await RunCommandAsync(database.Folder, "restore", zip);

        Assert.True(exitCode == 0, error);
        Assert.Contains("备份中没有登录密钥", output);
        Assert.Equal(111, await ValueAsync(database.Db, figure));
        Assert.Equal("<key id='current' />", await File.ReadAllTextAsync(Path.Combine(keys, "key-1.xml")));
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task ARestoreEndsTheSessionsOfTheRestoredDatabase()
    {
        await using var database = await TempDatabase.CreateSeededAsync();
        // Open in the backup; signed out (or its password changed) afterwards — it must not come back with the backup.
        var admin = await Actors.SignInAsync(database.Db, "admin", Dashboard.Data.Users.Role.Admin);
        var zip = await Backup.CreateAsync(database.Db, keysFolder: null, Path.Combine(database.Folder, "backup.zip"), TimeProvider.System);
        SqliteConnection.ClearAllPools();

        var (exitCode, _, error) = await RunCommandAsync(database.Folder, "restore", zip);

        Assert.True(exitCode == 0, error);
        await Assert.ThrowsAsync<Dashboard.Data.Users.AccessDeniedException>(() =>
            new Dashboard.Data.Users.UserCommands(database.Db, TimeProvider.System).SetRoleAsync("admin", Dashboard.Data.Users.Role.Admin, admin));
        SqliteConnection.ClearAllPools();
    }

    public static TheoryData<string, string> BadBackups => new()
    {
        { "not-a-zip", "不是有效的 zip 文件" },
        { "no-database", "其中没有 dashboard.db" },
        { "corrupt-database", "无法读取" },
        { "newer-schema", "请用更新的程序版本恢复" },
        { "foreign-database", "不是本程序的数据库" },
    };

    [Theory]
    [MemberData(nameof(BadBackups))]
    public async Task ABackupThatFailsItsChecksReplacesNothing(string kind, string message)
    {
        await using var database = await TempDatabase.CreateSeededAsync();
        var figure = await SaveAsync(database, 333);
        SqliteConnection.ClearAllPools();
        var before = await File.ReadAllBytesAsync(database.Db.DatabasePath);
        var zip = Path.Combine(database.Folder, "bad.zip");
        await WriteBadBackupAsync(kind, zip, database.Folder);

        var (exitCode, _, error) = await RunCommandAsync(database.Folder, "restore", zip);

        Assert.Equal(1, exitCode);
        Assert.Contains(message, error);
        Assert.Contains("未做任何更改", error);
        Assert.Equal(before, await File.ReadAllBytesAsync(database.Db.DatabasePath));
        Assert.Equal(333, await ValueAsync(database.Db, figure));
        Assert.Empty(Directory.GetDirectories(database.Folder, "before-restore-*"));
        Assert.Empty(Directory.GetDirectories(database.Folder, ".restore-*"));
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task RestoreRefusesWhileTheAppHasTheDatabaseOpen()
    {
        await using var database = await TempDatabase.CreateSeededAsync();
        var figure = await SaveAsync(database, 444);
        var zip = await Backup.CreateAsync(database.Db, "none", Path.Combine(database.Folder, "backup.zip"), TimeProvider.System);
        await SaveAsync(database, 555);

        // The lock the running app holds for as long as it runs.
        using (var running = DatabaseLock.TryAcquire(database.Db.DatabasePath))
        {
            Assert.NotNull(running);
            var (exitCode, _, error) = await RunCommandAsync(database.Folder, "restore", zip);

            Assert.Equal(1, exitCode);
            Assert.Contains("请先停止应用", error);
            Assert.Equal(555, await ValueAsync(database.Db, figure));
        }
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task ASecondAppOnTheSameDatabaseRefusesToStartAndSaysWhy()
    {
        await using var database = await TempDatabase.CreateSeededAsync();
        using var running = DatabaseLock.TryAcquire(database.Db.DatabasePath);
        Assert.NotNull(running);

        var (exitCode, _, error) = await RunCommandAsync(database.Folder);

        Assert.Equal(1, exitCode);
        Assert.Contains("正被另一个正在运行的本程序使用", error);
        SqliteConnection.ClearAllPools();
    }

    private static async Task<Figure> SaveAsync(TempDatabase database, decimal value)
    {
        var figure = (await new FigureQueries(database.Db).GetFiguresAsync(1, 2024, Reader.System("测试"))).First();
        await new FigureCommands(database.Db, TimeProvider.System).SaveAsync(new FigureSave
        {
            OrganizationId = figure.OrganizationId, IndicatorId = figure.IndicatorId, Year = 2024, Value = value, Qualifier = Qualifier.Exact,
            Status = figure.Status, SourceText = figure.SourceText, Note = figure.Note, ExpectedVersion = figure.Version, Reason = "恢复测试",
        }, Writer("恢复测试"));
        return figure;
    }

    private static async Task<decimal?> ValueAsync(DashboardDb db, Figure figure) =>
        (await new FigureQueries(db).GetFiguresAsync(figure.OrganizationId, 2024, Reader.System("测试"))).Single(f => f.IndicatorId == figure.IndicatorId).Value;

    private static async Task WriteBadBackupAsync(string kind, string zipPath, string folder)
    {
        if (kind == "not-a-zip")
        {
            await File.WriteAllTextAsync(zipPath, "这不是 zip");
            return;
        }
        using var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create);
        switch (kind)
        {
            case "no-database":
                zip.CreateEntry("keys/key-1.xml");
                break;
            case "corrupt-database":
                await using (var entry = zip.CreateEntry("dashboard.db").Open())
                {
                    await entry.WriteAsync(new byte[8192]);
                }
                break;
            case "newer-schema" or "foreign-database":
                var path = Path.Combine(folder, $"{kind}.db");
                await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
                {
                    await connection.OpenAsync();
                    await using var command = connection.CreateCommand();
                    command.CommandText = kind == "newer-schema"
                        ? $"CREATE TABLE figures (id); CREATE TABLE figure_history (id); CREATE TABLE indicators (id); CREATE TABLE organizations (id); PRAGMA user_version = {Dashboard.Data.Schema.SchemaMigrator.LatestVersion + 1};"
                        : "CREATE TABLE notes (id); PRAGMA user_version = 1;";
                    await command.ExecuteNonQueryAsync();
                }
                zip.CreateEntryFromFile(path, "dashboard.db");
                break;
        }
    }

    /// <summary>Runs the built app (Dashboard.Web.dll) as its own process over <paramref name="dataFolder"/>.</summary>
    private static async Task<(int ExitCode, string Output, string Error)> RunCommandAsync(string dataFolder, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Dashboard.Web.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
            Environment = { ["Dashboard__DataFolder"] = dataFolder, ["ASPNETCORE_ENVIRONMENT"] = "Production", ["ASPNETCORE_URLS"] = "http://127.0.0.1:0" },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
