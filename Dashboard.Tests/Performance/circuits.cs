#:project ../../Dashboard.Data/Dashboard.Data.csproj
#:package Microsoft.AspNetCore.SignalR.Client@10.0.15
#:package Microsoft.AspNetCore.SignalR.Protocols.MessagePack@10.0.15
#:property ManagePackageVersionsCentrally=false
#:property TreatWarningsAsErrors=false
#:property PublishAot=false

// Headless Blazor circuits: each one loads "/" like a browser, starts a circuit over the Blazor hub ("blazorpack"
// MessagePack protocol), acknowledges every render batch and answers JS interop calls. Then figures are saved
// (from this process, as an import would) and every circuit times when a render batch carrying the new value
// arrives. Usage: dotnet run circuits.cs BASE_URL DATABASE_PATH [screens] [saves]
using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Users;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

var baseUrl = args[0].TrimEnd('/');
var databasePath = args[1];
var screens = args.Length > 2 ? int.Parse(args[2]) : 50;
var saves = args.Length > 3 ? int.Parse(args[3]) : 100;

var circuits = new List<Circuit>();
var started = Stopwatch.StartNew();
for (var i = 0; i < screens; i++)
{
    var circuit = new Circuit(baseUrl);
    await circuit.StartAsync();
    circuits.Add(circuit);
}
Console.WriteLine($"{screens} circuits started in {started.Elapsed.TotalSeconds:0.0} s");

var db = new DashboardDb(databasePath);
var organization = (await new CatalogQueries(db).GetOrganizationAsync("luoxing"))!;
var indicator = (await new CatalogQueries(db).GetIndicatorAsync("registered_mental_patients"))!;
var commands = new FigureCommands(db, TimeProvider.System);
var editor = new Actor("circuit-benchmark", Role.Editor);
var delays = new List<double>();
var missed = 0;
for (var k = 0; k < saves; k++)
{
    var current = (await new FigureQueries(db).GetFiguresAsync(organization.Id, 2024, includeProvisional: true)).Single(f => f.IndicatorId == indicator.Id);
    var value = 1000 + k;
    var expected = Encoding.UTF8.GetBytes($"{value}名");
    foreach (var c in circuits) c.Expect(expected);
    var clock = Stopwatch.StartNew();
    await commands.SaveAsync(new FigureSave
    {
        OrganizationId = organization.Id, IndicatorId = indicator.Id, Year = 2024, Value = value, Qualifier = Qualifier.Exact,
        Status = current.Status, SourceText = current.SourceText, Note = current.Note, ExpectedVersion = current.Version, Reason = "benchmark",
    }, editor);
    var all = await Task.WhenAll(circuits.Select(c => c.WaitAsync(clock, TimeSpan.FromSeconds(5))));
    delays.AddRange(all.Where(d => d is not null).Select(d => d!.Value));
    missed += all.Count(d => d is null);
}

delays.Sort();
double P(double p) => delays.Count == 0 ? double.NaN : delays[Math.Min(delays.Count - 1, (int)Math.Ceiling(delays.Count * p / 100) - 1)];
Console.WriteLine($"save → new value received, {screens} screens × {saves} saves: p50 {P(50):0} ms, p95 {P(95):0} ms, p99 {P(99):0} ms, max {P(100):0} ms; missed {missed}");
foreach (var c in circuits) await c.DisposeAsync();

sealed class BlazorPackProtocol : IHubProtocol
{
    private readonly MessagePackHubProtocol inner = new();
    public string Name => "blazorpack";
    public int Version => inner.Version;
    public TransferFormat TransferFormat => inner.TransferFormat;
    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, out HubMessage? message) => inner.TryParseMessage(ref input, binder, out message);
    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => inner.WriteMessage(message, output);
    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => inner.GetMessageBytes(message);
    public bool IsVersionSupported(int version) => inner.IsVersionSupported(version);
}

sealed partial class Circuit(string baseUrl) : IAsyncDisposable
{
    private readonly CookieContainer cookies = new();
    private HubConnection? connection;
    private byte[]? expected;
    private TaskCompletionSource<DateTime>? seen;
    private int objectIds;

    public async Task StartAsync()
    {
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies });
        var html = await http.GetStringAsync(baseUrl + "/");
        var markers = Marker().Matches(html).Select(m => m.Groups[1].Value)
            .Where(json => json.Contains("\"type\":\"server\"") && json.Contains("\"descriptor\"")).ToList();
        var state = State().Match(html) is { Success: true } s ? s.Groups[1].Value : "";

        var builder = new HubConnectionBuilder();
        // Blazor's hub speaks MessagePack under its own name.
        builder.Services.AddSingleton<IHubProtocol>(new BlazorPackProtocol());
        connection = builder
            .WithUrl(baseUrl + "/_blazor", options =>
            {
                options.Cookies = cookies;
                options.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
            })
            .Build();
        connection.ServerTimeout = TimeSpan.FromMinutes(2);
        connection.On<long, byte[]>("JS.RenderBatch", async (batchId, data) =>
        {
            if (expected is { } e && seen is { } s && data.AsSpan().IndexOf(e) >= 0) s.TrySetResult(DateTime.UtcNow);
            await connection.SendAsync("OnRenderCompleted", batchId, null);
        });
        connection.On<long, string, string, int, long>("JS.BeginInvokeJS", async (handle, identifier, _, _, _) =>
        {
            // Answer like a browser with nothing to do: modules become object references, everything else succeeds.
            var result = identifier == "import" ? $"{{\"__jsObjectId\":{Interlocked.Increment(ref objectIds)}}}" : "null";
            await connection.SendAsync("EndInvokeJSFromDotNet", handle, true, $"[{handle},true,{result}]");
        });
        connection.On<string>("JS.Error", error => Console.Error.WriteLine($"circuit error: {error}"));
        await connection.StartAsync();
        var circuitId = await connection.InvokeAsync<string?>("StartCircuit", baseUrl + "/", baseUrl + "/", "[]", "");
        if (circuitId is null) throw new InvalidOperationException("StartCircuit refused");
        var operations = markers.Select((json, i) => new
        {
            type = "add",
            ssrComponentId = i + 1,
            marker = JsonSerializer.Deserialize<JsonElement>(json),
        }).ToArray();
        await connection.SendAsync("UpdateRootComponents", JsonSerializer.Serialize(new { batchId = 1, operations }), state);
    }

    public void Expect(byte[] value)
    {
        expected = value;
        seen = new TaskCompletionSource<DateTime>(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public async Task<double?> WaitAsync(Stopwatch since, TimeSpan timeout)
    {
        var start = DateTime.UtcNow - since.Elapsed;
        try
        {
            var at = await seen!.Task.WaitAsync(timeout);
            return (at - start).TotalMilliseconds;
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (connection is not null) await connection.DisposeAsync();
    }

    [GeneratedRegex(@"<!--Blazor:(\{.*?\})-->")]
    private static partial Regex Marker();

    [GeneratedRegex(@"<!--Blazor-Server-Component-State:(.*?)-->")]
    private static partial Regex State();
}
