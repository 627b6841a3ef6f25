using System.Diagnostics;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace Dashboard.Tests.Http;

public sealed class AppStartupTests
{
    [Fact]
    public async Task TheAppStartsAgainstAFreshDataFolderAndSeedsTheRealReport()
    {
        var folder = Directory.CreateTempSubdirectory("dashboard-app-").FullName;
        try
        {
            await using (var factory = new WebApplicationFactory<Program>()
                .WithWebHostBuilder(web => web.UseSetting("Dashboard:DataFolder", folder)))
            {
                using var client = factory.CreateClient();

                var html = await client.GetStringAsync("/");

                Assert.Contains("罗星街道", html);
                Assert.Contains("2024 年度法治政府建设工作情况报告", html);
                Assert.All(["811件", "100%", "524余场", "23000余件", "194名"], figure => Assert.Contains(figure, html));
            }
            Assert.True(File.Exists(Path.Combine(folder, "dashboard.db")));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ACorruptDatabaseStopsStartUpWithAMessageNamingTheFileAndLeavesItAlone()
    {
        await using var database = TempDatabase.CreateEmpty();
        var garbage = new byte[4096];
        Random.Shared.NextBytes(garbage);
        await File.WriteAllBytesAsync(database.Db.DatabasePath, garbage);

        // The real program, as an administrator would start it: a separate process on the built output.
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Dashboard.Web.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
            Environment =
            {
                ["Dashboard__DataFolder"] = database.Folder,
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(1, process.ExitCode);
        Assert.Contains($"无法使用数据库文件 {database.Db.DatabasePath}", await error);
        Assert.DoesNotContain("Now listening", await output);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(database.Db.DatabasePath));
    }
}
