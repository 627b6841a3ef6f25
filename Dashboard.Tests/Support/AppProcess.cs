using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
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

    public AppProcess(IReadOnlyDictionary<string, string>? settings = null)
    {
        this.settings = settings ?? new Dictionary<string, string>();
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
    }

    public int Port { get; }

    public string BaseAddress => $"http://127.0.0.1:{Port}";

    public string DataFolder { get; } = Directory.CreateTempSubdirectory("dashboard-process-").FullName;

    public string DatabasePath => Path.Combine(DataFolder, "dashboard.db");

    /// <summary>Starts the program and returns once <c>/healthz</c> answers 200.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Dashboard.Web.dll"), "--sample-data"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
            Environment =
            {
                ["ASPNETCORE_URLS"] = BaseAddress,
                // Development serves the static web assets from the build output (no publish step in a test).
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["Dashboard__DataFolder"] = DataFolder,
            },
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the app exited with {process.ExitCode} while starting");
            }
            try
            {
                if ((await http.GetAsync(BaseAddress + "/healthz")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
            }
            if (deadline.Elapsed > TimeSpan.FromMinutes(1))
            {
                throw new TimeoutException("the app did not answer /healthz within a minute");
            }
            await Task.Delay(50);
        }
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
