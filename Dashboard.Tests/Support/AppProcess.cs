using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Dashboard.Data;
using Dashboard.Data.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;

namespace Dashboard.Tests.Support;

/// <summary>
/// The real program as a separate process on a fixed 127.0.0.1 port over a data folder of its own, so that a test
/// can kill it (SIGKILL, no graceful stop) and start it again at the same address, as a crash and a restart would.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string> settings;
    private Process? process;

    private readonly string program;
    private readonly string workingDirectory;
    private readonly string environment;
    private readonly bool ownDataFolder;

    /// <param name="program">The folder of the program (default: the build output beside the tests).</param>
    /// <param name="workingDirectory">Where it is started from (default: its own folder).</param>
    /// <param name="environment">ASPNETCORE_ENVIRONMENT (default Development: the build output's static assets).</param>
    /// <param name="ownDataFolder">Whether the program is given <see cref="DataFolder"/>; otherwise it chooses its own.</param>
    public AppProcess(IReadOnlyDictionary<string, string>? settings = null, string? program = null, string? workingDirectory = null,
        string environment = "Development", bool ownDataFolder = true)
    {
        this.settings = settings ?? new Dictionary<string, string>();
        this.program = program ?? AppContext.BaseDirectory;
        this.workingDirectory = workingDirectory ?? this.program;
        this.environment = environment;
        this.ownDataFolder = ownDataFolder;
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
    }

    public int Port { get; }

    public string BaseAddress => $"http://127.0.0.1:{Port}";

    public string DataFolder { get; } = Directory.CreateTempSubdirectory("dashboard-process-").FullName;

    public string DatabasePath => Path.Combine(DataFolder, "dashboard.db");

    /// <summary>Starts the program and returns once it has started and <c>/healthz</c> answers (200, unless told it will not be healthy).</summary>
    public async Task StartAsync(bool healthy = true)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(program, "Dashboard.Web.dll"), "--sample-data"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
            Environment =
            {
                ["ASPNETCORE_URLS"] = BaseAddress,
                // Development serves the static web assets from the build output (no publish step in a test).
                ["ASPNETCORE_ENVIRONMENT"] = environment,
            },
        };
        if (ownDataFolder) start.Environment["Dashboard__DataFolder"] = DataFolder;
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        process = Process.Start(start)!;
        // Ready when the host says so (the database is migrated and seeded before Kestrel starts listening).
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var exited = process;
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.Contains("Application started", StringComparison.Ordinal) == true) started.TrySetResult();
        };
        process.ErrorDataReceived += (_, _) => { };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => started.TrySetException(new InvalidOperationException($"the app exited with {exited.ExitCode} while starting"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await started.Task.WaitAsync(TimeSpan.FromMinutes(1));

        using var http = new HttpClient();
        var health = await http.GetAsync(BaseAddress + "/healthz");
        Assert.True(health.IsSuccessStatusCode == healthy, $"/healthz answered {(int)health.StatusCode} after start");
    }

    /// <summary>Adds a user to the program's database from this process, as `user add` would.</summary>
    public async Task AddUserAsync(string userName, Role role, string password)
    {
        var hash = new PasswordHasher<User>().HashPassword(null!, password);
        await new UserCommands(new DashboardDb(DatabasePath), TimeProvider.System).AddUserAsync(userName, role, hash, Actor.System("test"));
    }

    /// <summary>Kills the process outright (SIGKILL) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (process is null) return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
        process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(DataFolder, recursive: true);
    }
}
