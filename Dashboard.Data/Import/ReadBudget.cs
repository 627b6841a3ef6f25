using Dashboard.Data.Reports;

namespace Dashboard.Data.Import;

/// <summary>
/// What reading one uploaded file (a report, a spreadsheet) may cost, checked while it is read — never after: a few
/// hundred kilobytes of zip or PDF can unpack to gigabytes. Every limit is far above a real report or sheet and far below
/// what an office server (4–8 GB) can spend on one upload; a file over one is refused with a Chinese message naming it.
/// </summary>
public static class ReadLimits
{
    /// <summary>The file itself.</summary>
    public const long MaxFileBytes = 10 * 1024 * 1024;

    /// <summary>Everything unpacked from one file (zip entries, PDF streams): a report's parts are a few megabytes.</summary>
    public const long MaxUnpackedBytes = 64 * 1024 * 1024;

    /// <summary>One part of a file (a zip entry, one PDF stream).</summary>
    public const long MaxPartBytes = 24 * 1024 * 1024;

    /// <summary>Text taken from a file: twice the longest report the product stores.</summary>
    public const int MaxTextLength = 2 * ReportCommands.MaxBodyLength;

    /// <summary>Pages of a PDF: a report has a few dozen.</summary>
    public const int MaxPages = 300;

    /// <summary>Characters drawn on one PDF page: a dense A4 page in small print has a few thousand.</summary>
    public const int MaxGlyphsPerPage = 20_000;

    /// <summary>Cells of a spreadsheet: one organization's figures of many years are a few thousand.</summary>
    public const int MaxCells = 200_000;

    /// <summary>Distinct texts of a spreadsheet (its shared strings), and their length.</summary>
    public const int MaxSharedStrings = 100_000;

    /// <summary>How long reading one file may take.</summary>
    public static readonly TimeSpan MaxTime = TimeSpan.FromSeconds(30);
}

/// <summary>A file that would cost more to read than <see cref="ReadLimits"/> allow; the message names the limit, in Chinese.</summary>
public sealed class ReadLimitException(string message) : Exception(message);

/// <summary>
/// The running account of one file's reading against <see cref="ReadLimits"/>: bytes unpacked, and time. Not shared
/// between threads. <see cref="Exceeded"/> keeps the first limit crossed, for a reader whose library swallows the
/// exception (the file is still refused).
/// </summary>
public sealed class ReadBudget
{
    private readonly DateTimeOffset deadline;
    private readonly TimeProvider clock;
    private readonly CancellationToken cancellationToken;
    private long unpacked;

    public ReadBudget(CancellationToken cancellationToken = default, TimeProvider? clock = null, TimeSpan? maxTime = null)
    {
        this.clock = clock ?? TimeProvider.System;
        this.cancellationToken = cancellationToken;
        deadline = this.clock.GetUtcNow() + (maxTime ?? ReadLimits.MaxTime);
    }

    /// <summary>The first limit crossed, as said to the user; null while within every limit.</summary>
    public string? Exceeded { get; private set; }

    public long Unpacked => unpacked;

    /// <summary>Counts <paramref name="bytes"/> more unpacked; refuses past the file's total.</summary>
    public void Unpack(long bytes)
    {
        unpacked += bytes;
        if (unpacked > ReadLimits.MaxUnpackedBytes)
        {
            Refuse($"文件解压后的内容超过 {ReadLimits.MaxUnpackedBytes / 1024 / 1024} MB 的上限（一份年度报告或数据表远小于此），未读取。");
        }
        Check();
    }

    /// <summary>Refuses once the time is up (or the reader was cancelled: the user left).</summary>
    public void Check()
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (clock.GetUtcNow() > deadline)
        {
            Refuse($"读取超过 {ReadLimits.MaxTime.TotalSeconds:0} 秒的时间上限（一份年度报告几秒内即可读完），未读取。");
        }
    }

    /// <summary>Refuses with <paramref name="message"/> (and keeps it, see <see cref="Exceeded"/>).</summary>
    public void Refuse(string message)
    {
        Exceeded ??= message;
        throw new ReadLimitException(Exceeded);
    }

    /// <summary>Throws the limit already crossed, if one was (inside a library that carried on regardless).</summary>
    public void ThrowIfExceeded()
    {
        if (Exceeded is not null) throw new ReadLimitException(Exceeded);
    }

    /// <summary>
    /// <paramref name="inner"/> as read through this budget: each byte counts as unpacked, and more than
    /// <paramref name="partLimit"/> from this one stream is refused with <paramref name="partMessage"/>.
    /// </summary>
    public Stream Bounded(Stream inner, long partLimit, string partMessage) => new BoundedStream(inner, this, partLimit, partMessage);

    private sealed class BoundedStream(Stream inner, ReadBudget budget, long limit, string message) : Stream
    {
        private long read;

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        private int Count(int n)
        {
            read += n;
            if (read > limit) budget.Refuse(message);
            budget.Unpack(n);
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
