#:project ../../Dashboard.Data/Dashboard.Data.csproj
#:package Microsoft.AspNetCore.SignalR.Client@10.0.15
#:package Microsoft.AspNetCore.SignalR.Protocols.MessagePack@10.0.15
#:property ManagePackageVersionsCentrally=false
#:property TreatWarningsAsErrors=false
#:property PublishAot=false

// Headless Blazor circuits: each one loads "/" like a browser, starts a circuit over the Blazor hub ("blazorpack"
// MessagePack protocol), acknowledges every render batch and answers JS interop calls. Three modes:
//   fanout    — figures are saved (from this process, as an import would) and every circuit times when a render
//               batch carrying the new value arrives (the live-update budgets).
//   roundtrip — with all circuits open, a user on a random screen changes the year (the picker's navigation, sent
//               as the browser sends it) at a steady rate; the time from sending it to that screen's next render batch
//               is the UI round trip (under load). With SERVER_PID set, the server's managed heap is measured (dotnet-gcdump,
//               after a full GC) before the circuits open and once they are all open: the heap per open circuit.
//   abuse     — (screens = 1) screens that never acknowledge render batches, a message over the size limit, a thousand
//               connects and disconnects; the heap before, during and after, and an ordinary screen's round trip.
//               In fanout mode the heap is measured again after the saves, once every screen has rendered again.
// Usage: dotnet run circuits.cs BASE_URL DATABASE_PATH_OR_POSTGRES_CONNECTION_STRING [screens] [saves | interactions] [fanout|roundtrip|abuse] [per-second]
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
var mode = args.Length > 4 ? args[4] : "fanout";
var perSecond = args.Length > 5 ? double.Parse(args[5]) : 20;
var serverPid = Environment.GetEnvironmentVariable("SERVER_PID");

// Warm the server (JIT, caches) with one circuit before the baseline, so the baseline is the app, not its start-up.
if (serverPid is not null)
{
    var warm = new Circuit(baseUrl);
    await warm.StartAsync();
    await warm.DisposeAsync();
}
var baseline = serverPid is null ? 0 : ManagedHeap(serverPid);

var circuits = new List<Circuit>();
var started = Stopwatch.StartNew();
for (var i = 0; i < screens; i++)
{
    var circuit = new Circuit(baseUrl);
    await circuit.StartAsync();
    circuits.Add(circuit);
}
Console.WriteLine($"{screens} circuits started in {started.Elapsed.TotalSeconds:0.0} s; {Circuit.JSCalls} JS calls answered so far");
if (serverPid is not null)
{
    // Every circuit has rendered its first batch by now: wait for the last ones to be acknowledged.
    await Task.WhenAll(circuits.Select(c => c.FirstRender));
    var open = ManagedHeap(serverPid);
    Console.WriteLine($"server managed heap: {baseline / 1048576.0:0.0} MB before, {open / 1048576.0:0.0} MB with {screens} circuits open: " +
                      $"{(open - baseline) / 1024.0 / screens:0} KB per circuit");
}

// SETTLE=1: measure again once the server has closed the connections the page loads left idle (a browser keeps its
// negotiation's connection alive; Kestrel closes an idle one after its keep-alive timeout): what a screen holds while
// it stays open, beside what it holds in its first minutes. In fanout mode, also once the heap is steady after the saves.
var settle = Environment.GetEnvironmentVariable("SETTLE") == "1";
if (serverPid is not null && settle)
{
    var waited = Stopwatch.StartNew();
    long connections;
    while ((connections = ServerConnections(baseUrl)) > screens && waited.Elapsed < TimeSpan.FromMinutes(5))
    {
        await Task.Delay(TimeSpan.FromSeconds(5));
    }
    var settled = ManagedHeap(serverPid);
    Console.WriteLine($"settled {waited.Elapsed.TotalSeconds:0} s later ({connections} connections open): server managed heap " +
                      $"{settled / 1048576.0:0.0} MB: {(settled - baseline) / 1024.0 / screens:0} KB per circuit");
}

if (mode == "abuse")
{
    await AbuseAsync(circuits[0]);
    return;
}

if (mode == "roundtrip")
{
    var random = new Random(1);
    var roundTrips = new List<double>();
    var unanswered = 0;
    var pending = new List<Task>();
    var pace = Stopwatch.StartNew();
    for (var k = 0; k < saves; k++)
    {
        // A steady rate, not as fast as possible: users click now and then, many screens stay open.
        var due = TimeSpan.FromSeconds(k / perSecond);
        if (due > pace.Elapsed) await Task.Delay(due - pace.Elapsed);
        var circuit = circuits[random.Next(circuits.Count)];
        pending.Add(Task.Run(async () =>
        {
            var time = await circuit.RoundTripAsync(TimeSpan.FromSeconds(10));
            lock (roundTrips) { if (time is { } t) roundTrips.Add(t); else unanswered++; }
        }));
    }
    await Task.WhenAll(pending);
    roundTrips.Sort();
    double Quantile(double p) => roundTrips.Count == 0 ? double.NaN : roundTrips[Math.Min(roundTrips.Count - 1, (int)Math.Ceiling(roundTrips.Count * p / 100) - 1)];
    Console.WriteLine($"UI round trip (change the year → the screen's render batch), {screens} circuits open, {saves} interactions at {perSecond}/s: " +
                      $"p50 {Quantile(50):0} ms, p95 {Quantile(95):0} ms, p99 {Quantile(99):0} ms, max {Quantile(100):0} ms; unanswered {unanswered}; circuit errors {Circuit.Errors}");
    foreach (var c in circuits) await c.DisposeAsync();
    return;
}

// A SQLite file, or a PostgreSQL connection string (measure-cluster.sh: two servers on one database).
var db = databasePath.Contains("Host=", StringComparison.Ordinal) ? DashboardDb.FromConnectionString(databasePath, ".") : new DashboardDb(databasePath);
var organization = (await new CatalogQueries(db).GetOrganizationAsync("luoxing"))!;
var indicator = (await new CatalogQueries(db).GetIndicatorAsync("registered_mental_patients"))!;
var commands = new FigureCommands(db, TimeProvider.System);
var editor = Actor.System("circuit-benchmark");
var delays = new List<double>();
var missed = 0;
for (var k = 0; k < saves; k++)
{
    var current = (await new FigureQueries(db).GetFiguresAsync(organization.Id, 2024, Reader.System("测量"))).Single(f => f.IndicatorId == indicator.Id);
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
Console.WriteLine($"JS calls by identifier: {string.Join(", ", Circuit.JSCallsByIdentifier.OrderBy(c => c.Key).Select(c => $"{c.Key} ×{c.Value}"))}");
Console.WriteLine($"save → new value received, {screens} screens × {saves} saves: p50 {P(50):0} ms, p95 {P(95):0} ms, p99 {P(99):0} ms, max {P(100):0} ms; missed {missed}");
if (serverPid is not null)
{
    // Every screen has rendered again since it opened: what an open dashboard holds once it has followed a change.
    var after = ManagedHeap(serverPid);
    Console.WriteLine($"server managed heap after the saves (every screen rendered again): {after / 1048576.0:0.0} MB: " +
                      $"{(after - baseline) / 1024.0 / screens:0} KB per circuit");
}
if (serverPid is not null && settle)
{
    // Until Kestrel's pool of I/O buffers has given back what the fan-out took (it evicts idle buffers a little at a
    // time): what a screen keeps once it has followed a change, measured until two readings agree.
    var waited = Stopwatch.StartNew();
    long before, now = ManagedHeap(serverPid);
    do
    {
        before = now;
        await Task.Delay(TimeSpan.FromSeconds(15));
        now = ManagedHeap(serverPid);
    }
    while (before - now > screens * 512L && waited.Elapsed < TimeSpan.FromMinutes(5));
    Console.WriteLine($"settled {waited.Elapsed.TotalSeconds:0} s after the saves: server managed heap {now / 1048576.0:0.0} MB: " +
                      $"{(now - baseline) / 1024.0 / screens:0} KB per circuit");
}
foreach (var c in circuits) await c.DisposeAsync();

// Abusive clients (docs/measuring.md#many-screens-and-abusive-clients), beside one ordinary screen (the first circuit)
// that must stay responsive throughout: circuits that never acknowledge render batches while figures change, a message
// over the hub's size limit, and a thousand connects and disconnects; the server's managed heap before, during and
// after.
async Task AbuseAsync(Circuit healthy)
{
    if (serverPid is null) throw new InvalidOperationException("set SERVER_PID: the abuse measurement reads the server's heap");
    string Mb(long bytes) => $"{bytes / 1048576.0:0.0} MB";
    async Task<string> HealthyRoundTrips(int count)
    {
        var times = new List<double>();
        for (var i = 0; i < count; i++) times.Add(await healthy.RoundTripAsync(TimeSpan.FromSeconds(10)) ?? double.PositiveInfinity);
        times.Sort();
        return $"p50 {times[count / 2]:0} ms, max {times[^1]:0} ms";
    }
    var start = ManagedHeap(serverPid);
    Console.WriteLine($"baseline with one ordinary screen: {Mb(start)}; its UI round trip {await HealthyRoundTrips(20)}");

    // 1. Fifty screens that never acknowledge a render batch, while 30 saves each ask every screen to render.
    var silent = new List<Circuit>();
    for (var i = 0; i < 50; i++) { var c = new Circuit(baseUrl, acknowledge: false); await c.StartAsync(); silent.Add(c); }
    var abuseDb = new DashboardDb(databasePath);
    var organization = (await new CatalogQueries(abuseDb).GetOrganizationAsync("luoxing"))!;
    var indicator = (await new CatalogQueries(abuseDb).GetIndicatorAsync("registered_mental_patients"))!;
    var commands = new FigureCommands(abuseDb, TimeProvider.System);
    for (var k = 0; k < 30; k++)
    {
        var current = (await new FigureQueries(abuseDb).GetFiguresAsync(organization.Id, 2024, Reader.System("测量"))).Single(f => f.IndicatorId == indicator.Id);
        await commands.SaveAsync(new FigureSave
        {
            OrganizationId = organization.Id, IndicatorId = indicator.Id, Year = 2024, Value = 2000 + k, Qualifier = Qualifier.Exact,
            Status = current.Status, SourceText = current.SourceText, Note = current.Note, ExpectedVersion = current.Version, Reason = "abuse",
        }, Actor.System("abuse"));
    }
    var withSilent = ManagedHeap(serverPid);
    Console.WriteLine($"50 screens that never acknowledge, after 30 saves: heap {Mb(withSilent)} ({(withSilent - start) / 1024.0 / 50:0} KB each); " +
                      $"the ordinary screen's round trip {await HealthyRoundTrips(20)}");
    foreach (var c in silent) await c.DisposeAsync();

    // 2. A message over the hub's size limit (a 1 MB address): the server drops that connection, nobody else's.
    var oversize = new Circuit(baseUrl) { ExpectClose = true };
    await oversize.StartAsync();
    await oversize.SendRawAsync("OnLocationChanged", baseUrl + "/?x=" + new string('x', 1024 * 1024), null, false);
    var reason = await oversize.Closed.WaitAsync(TimeSpan.FromSeconds(30));
    Console.WriteLine($"a 1 MB message: connection closed by the server ({reason?.GetType().Name ?? "closed"}: {reason?.Message}); " +
                      $"the ordinary screen's round trip {await HealthyRoundTrips(20)}");
    await oversize.DisposeAsync();

    // 3. A thousand connects and disconnects, ten at a time.
    var cycles = Stopwatch.StartNew();
    for (var round = 0; round < 100; round++)
    {
        await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            var c = new Circuit(baseUrl);
            await c.StartAsync();
            await c.FirstRender;
            await c.DisposeAsync();
        }));
    }
    var afterCycles = ManagedHeap(serverPid);
    Console.WriteLine($"1000 connect/disconnect cycles in {cycles.Elapsed.TotalSeconds:0} s: heap {Mb(afterCycles)} " +
                      $"(disconnected circuits are kept for reconnection: at most 100, for 3 minutes); the ordinary screen's round trip {await HealthyRoundTrips(20)}");

    // 4. Back to the baseline once the kept circuits expire (3 min after their disconnect) and then their persisted state
    // (3 min after that); Kestrel's pool of I/O buffers is released more slowly, as it finds them idle.
    var waited = Stopwatch.StartNew();
    long now;
    while ((now = ManagedHeap(serverPid)) > start * 1.2 + 2 * 1048576 && waited.Elapsed < TimeSpan.FromMinutes(10))
    {
        await Task.Delay(TimeSpan.FromSeconds(20));
    }
    Console.WriteLine($"after {waited.Elapsed.TotalSeconds:0} s: heap {Mb(now)} (baseline {Mb(start)}): {(now <= start * 1.2 + 2 * 1048576 ? "back to baseline" : "NOT back to baseline")}; " +
                      $"circuit errors on ordinary screens {Circuit.Errors}");
}

/// <summary>The server's established TCP connections on its port (ss, from iproute2).</summary>
static long ServerConnections(string baseUrl) =>
    Run("ss", "-Htn", "state", "established", $"( sport = :{new Uri(baseUrl).Port} )").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;

static string Run(string tool, params string[] arguments)
{
    using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true })!;
    var text = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    return text;
}

/// <summary>
/// The server's live managed heap after a full GC: dotnet-gcdump induces the collection, and the runtime's own counters
/// (dotnet-counters) give the heap after it, less the free space between objects. (gcdump's own total stops counting at
/// 10 million objects — about 3,500 screens — so it undercounts a big heap.)
/// </summary>
static long ManagedHeap(string pid)
{
    var dump = Path.Combine(Path.GetTempPath(), $"circuits-{pid}-{Guid.NewGuid():N}.gcdump");
    var counters = Path.Combine(Path.GetTempPath(), $"circuits-{pid}-{Guid.NewGuid():N}.json");
    Run("dotnet-gcdump", "collect", "-p", pid, "-o", dump);
    // KEEP_GCDUMP=DIR keeps the dumps, to see where the heap goes: dotnet-gcdump report FILE (by type).
    if (Environment.GetEnvironmentVariable("KEEP_GCDUMP") is { Length: > 0 } keep)
        File.Copy(dump, Path.Combine(keep, Path.GetFileName(dump)));
    File.Delete(dump);
    // KEEP_DUMP=DIR also takes a full heap dump (dotnet-dump, hundreds of MB): exact sizes per type and object,
    // e.g. dotnet-dump analyze FILE -c "dumpheap -stat".
    if (Environment.GetEnvironmentVariable("KEEP_DUMP") is { Length: > 0 } full)
        Run("dotnet-dump", "collect", "-p", pid, "--type", "Heap", "-o", Path.Combine(full, $"circuits-{pid}-{DateTime.UtcNow:HHmmss}.dmp"));
    Run("dotnet-counters", "collect", "-p", pid, "--counters", "System.Runtime", "--format", "json", "-o", counters, "--duration", "00:00:03");
    var events = JsonDocument.Parse(File.ReadAllText(counters)).RootElement.GetProperty("Events").EnumerateArray().ToList();
    File.Delete(counters);
    long Sum(string name) => events.Where(e => e.GetProperty("name").GetString()!.StartsWith(name, StringComparison.Ordinal))
        .GroupBy(e => e.GetProperty("tags").GetString()).Sum(g => (long)g.Last().GetProperty("value").GetDouble());
    return Sum("dotnet.gc.last_collection.heap.size") - Sum("dotnet.gc.last_collection.heap.fragmentation.size");
}

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

sealed partial class Circuit(string baseUrl, bool acknowledge = true) : IAsyncDisposable
{
    private readonly CookieContainer cookies = new();
    private HubConnection? connection;
    private byte[]? expected;
    private TaskCompletionSource<DateTime>? seen;
    private int objectIds;
    private int year = 2024;
    private readonly TaskCompletionSource firstRender = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<DateTime>? nextBatch;

    public static int Errors;
    public static int JSCalls;
    public static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> JSCallsByIdentifier = new();

    /// <summary>This circuit is meant to be closed by the server (it misbehaves on purpose).</summary>
    public bool ExpectClose { get; set; }

    public Task FirstRender => firstRender.Task;

    private readonly TaskCompletionSource<Exception?> closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the connection ends (with the server's reason, if any).</summary>
    public Task<Exception?> Closed => closed.Task;

    /// <summary>Sends a hub message as is (for the abuse measurement).</summary>
    public Task SendRawAsync(string method, params object?[] args) => connection!.SendCoreAsync(method, args);

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
            Interlocked.Exchange(ref nextBatch, null)?.TrySetResult(DateTime.UtcNow);
            firstRender.TrySetResult();
            // A client that never acknowledges: the server must stop sending and hold only a bounded backlog.
            if (acknowledge) await connection.SendAsync("OnRenderCompleted", batchId, null);
        });
        // .NET 10 sends six arguments (handle, identifier, arguments, result type, target object, call type); a handler
        // declared with five is never called — SignalR drops a message it cannot bind — and every JS call stays pending.
        connection.On<long, string, string, int, long, int>("JS.BeginInvokeJS", async (handle, identifier, _, _, _, _) =>
        {
            Interlocked.Increment(ref JSCalls);
            JSCallsByIdentifier.AddOrUpdate(identifier, 1, (_, n) => n + 1);
            // Answer like a browser with nothing to do: modules become object references, everything else succeeds.
            var result = identifier == "import" ? $"{{\"__jsObjectId\":{Interlocked.Increment(ref objectIds)}}}" : "null";
            await connection.SendAsync("EndInvokeJSFromDotNet", handle, true, $"[{handle},true,{result}]");
        });
        connection.On<string>("JS.Error", error => { Interlocked.Increment(ref Errors); Console.Error.WriteLine($"circuit error: {error}"); });
        connection.Closed += error =>
        {
            closed.TrySetResult(error);
            if (error is not null && acknowledge && !ExpectClose) { Interlocked.Increment(ref Errors); Console.Error.WriteLine($"circuit closed: {error.Message}"); }
            return Task.CompletedTask;
        };
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

    /// <summary>Changes the year as the picker does (a navigation within the page); the time until the next render batch.</summary>
    public async Task<double?> RoundTripAsync(TimeSpan timeout)
    {
        year = year == 2024 ? 2023 : 2024;
        var batch = new TaskCompletionSource<DateTime>(TaskCreationOptions.RunContinuationsAsynchronously);
        nextBatch = batch;
        var sent = DateTime.UtcNow;
        await connection!.SendAsync("OnLocationChanged", $"{baseUrl}/?year={year}", null, false);
        try
        {
            return ((await batch.Task.WaitAsync(timeout)) - sent).TotalMilliseconds;
        }
        catch (TimeoutException)
        {
            return null;
        }
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
