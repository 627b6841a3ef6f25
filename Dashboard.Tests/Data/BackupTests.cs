using System.Diagnostics;
using System.IO.Compression;
using Dashboard.Data;
using Dashboard.Data.Backups;
using Dashboard.Data.Figures;
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
        var figure = (await new FigureQueries(database.Db).GetFiguresAsync(1, 2024, includeProvisional: true)).First();

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
                }, Editor("备份测试"));
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
        var value = (await new FigureQueries(new DashboardDb(restored)).GetFiguresAsync(1, 2024, includeProvisional: true)).Single(f => f.IndicatorId == figure.IndicatorId).Value;
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
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Dashboard.Web.dll"), "backup", folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
            Environment = { ["Dashboard__DataFolder"] = database.Folder, ["ASPNETCORE_ENVIRONMENT"] = "Production" },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, await error);
        Assert.Contains("已备份到", await output);
        var zip = Assert.Single(Directory.GetFiles(folder, "dashboard-*.zip"));
        using var archive = ZipFile.OpenRead(zip);
        Assert.Contains(archive.Entries, e => e.FullName == "dashboard.db" && e.Length > 0);
    }
}
