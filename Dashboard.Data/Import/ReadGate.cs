namespace Dashboard.Data.Import;

/// <summary>
/// How many uploaded files are read at once: one at a time per user (a second upload while the first is being read is
/// refused, not queued — three tabs uploading at once were 8 GB), and <see cref="PerServer"/> for the whole server (the
/// others wait their turn, for a while). Each read also keeps within <see cref="ReadLimits"/>; together they bound what
/// uploads can take of an office server.
/// </summary>
public sealed class ReadGate
{
    /// <summary>Files read at the same time on this server: one per processor.</summary>
    public static int PerServer { get; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>How long a read waits for its turn before it is refused.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(20);

    private readonly SemaphoreSlim server = new(PerServer, PerServer);
    private readonly HashSet<string> reading = [];

    /// <summary>
    /// A turn to read a file for <paramref name="reader"/> (a user name), or the reason there is none (in Chinese).
    /// Dispose the turn when the file has been read.
    /// </summary>
    public async Task<ReadTurn> EnterAsync(string reader, CancellationToken cancellationToken = default)
    {
        lock (reading)
        {
            if (!reading.Add(reader))
            {
                return new ReadTurn(null, "您已有一个文件正在读取，请等它读完再上传下一个。");
            }
        }
        if (!await server.WaitAsync(MaxWait, cancellationToken).ConfigureAwait(false))
        {
            Leave(reader);
            return new ReadTurn(null, "服务器正在读取其他人上传的文件，请稍后再试。");
        }
        return new ReadTurn(() =>
        {
            server.Release();
            Leave(reader);
        }, null);
    }

    private void Leave(string reader)
    {
        lock (reading) reading.Remove(reader);
    }
}

/// <summary>A turn to read a file (<see cref="Refusal"/> null), or why not; disposing it gives the turn back.</summary>
public sealed class ReadTurn(Action? leave, string? refusal) : IDisposable
{
    private Action? leave = leave;

    public string? Refusal { get; } = refusal;

    public void Dispose() => Interlocked.Exchange(ref leave, null)?.Invoke();
}
