using Dashboard.Data.Import;
using Dashboard.Data.Spreadsheets;
using Dashboard.Tests.Support;
using Xunit.Abstractions;

namespace Dashboard.Tests.Data;

/// <summary>
/// Every upload bomb of the penetration test, performed: each is refused with a Chinese message naming the limit it
/// crossed, and reading it allocates less than <see cref="MemoryBound"/> — measured as the bytes the reading thread
/// allocated (every allocation, not only what was kept: a stricter bound than the process's growth). The reads complete
/// on the test's thread (the file is in memory), which the tests check, so that nothing is allocated where the count
/// does not see it.
/// </summary>
public sealed class FileBombTests(ITestOutputHelper output)
{
    private const long MemoryBound = 200L * 1024 * 1024;

    public static TheoryData<string> ReportBombs() => ["pdf-content", "pdf-forms", "docx"];

    public static TheoryData<string> SheetBombs() => ["one-huge-text", "huge-sheet", "many-texts"];

    [Theory]
    [MemberData(nameof(ReportBombs))]
    public void AReportBombIsRefusedWhileItIsReadWithinTheMemoryBound(string bomb)
    {
        var (bytes, name, limit) = bomb switch
        {
            "pdf-content" => (FileBombs.PdfWithHugeContent(), "报告.pdf", "解压后超过 24 MB 的上限"),
            "pdf-forms" => (FileBombs.PdfWithNestedForms(), "报告.pdf", "超过 20,000 个字符的上限"),
            _ => (FileBombs.DocxWithHugeDocument(), "报告.docx", "解压后超过 24 MB 的上限"),
        };

        var (refusal, allocated) = Read(() => ReportFiles.ReadAsync(new MemoryStream(bytes), name));

        output.WriteLine($"{bomb}: {bytes.Length / 1024:N0} KB file, {allocated / 1024 / 1024:N0} MB allocated, refused: {refusal}");
        Assert.IsType<ReportFileException>(refusal);
        Assert.Contains(limit, refusal.Message);
        Assert.True(allocated < MemoryBound, $"{allocated / 1024 / 1024} MB allocated");
    }

    [Theory]
    [MemberData(nameof(SheetBombs))]
    public void ASpreadsheetBombIsRefusedWhileItIsReadWithinTheMemoryBound(string bomb)
    {
        var (bytes, limit) = bomb switch
        {
            "one-huge-text" => (FileBombs.XlsxWithOneHugeText(), "超过 100 万字的上限"),
            "huge-sheet" => (FileBombs.XlsxWithHugeSheet(), "解压后超过 24 MB 的上限"),
            _ => (FileBombs.XlsxWithManyTexts(), "超过 100,000 段的上限"),
        };

        var (refusal, allocated) = Read(() => FigureSheets.ReadAsync(new MemoryStream(bytes), "数据.xlsx"));

        output.WriteLine($"{bomb}: {bytes.Length / 1024:N0} KB file, {allocated / 1024 / 1024:N0} MB allocated, refused: {refusal}");
        Assert.IsType<SheetException>(refusal);
        Assert.Contains(limit, refusal.Message);
        Assert.True(allocated < MemoryBound, $"{allocated / 1024 / 1024} MB allocated");
    }

    [Fact]
    public void TwoHundredThousandPastedDigitsAreRefusedAsNoReportWithinTheMemoryBound()
    {
        var pasted = FileBombs.PastedDigits();

        var (refusal, allocated) = Read(() =>
        {
            var text = ReportFiles.FromText(pasted);
            ReportImport.Propose(text.Markdown, ImportCorpusTests.Catalog, []);
            return Task.CompletedTask;
        });

        output.WriteLine($"{allocated / 1024 / 1024:N0} MB allocated, refused: {refusal}");
        Assert.IsType<ReportFileException>(refusal);
        Assert.Contains($"超过 {FigureExtractor.MaxFigures:N0} 个的上限", refusal.Message);
        Assert.True(allocated < MemoryBound, $"{allocated / 1024 / 1024} MB allocated");
    }

    [Fact]
    public void AFileTooLongToReadIsRefusedWhenItsTimeIsUp()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var budget = new ReadBudget(clock: clock);
        budget.Unpack(1);

        clock.Advance(ReadLimits.MaxTime + TimeSpan.FromSeconds(1));

        var refused = Assert.Throws<ReadLimitException>(budget.Check);
        Assert.Contains("30 秒的时间上限", refused.Message);
    }

    /// <summary>Runs <paramref name="read"/> on this thread; what it threw and what this thread allocated meanwhile.</summary>
    private static (Exception Refusal, long Allocated) Read<T>(Func<Task<T>> read) => Read(() => (Task)read());

    private static (Exception Refusal, long Allocated) Read(Func<Task> read)
    {
        GC.Collect();
        var before = GC.GetAllocatedBytesForCurrentThread();
        Task task;
        try
        {
            task = read();
        }
        catch (Exception e)
        {
            return (e, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(task.IsCompleted, "the read went on another thread: what it allocated there is not counted");
        return (task.Exception?.InnerException ?? throw new Xunit.Sdk.XunitException("the file was read, not refused"), allocated);
    }
}
