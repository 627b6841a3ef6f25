using System.IO.Compression;
using System.Text;
using Dashboard.Data.Import;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using UglyToad.PdfPig.Writer;

namespace Dashboard.Tests.Data;

/// <summary>Reports brought in as files, made by the tests themselves (no stored binaries of unknown origin).</summary>
public sealed class ReportFilesTests
{
    private static readonly string[] Paragraphs =
    [
        "2023年度法治政府建设工作情况报告",
        "一、工作成效",
        "（一）强化法治学习",
        "全年调处矛盾纠纷892件，调解成功率98.5%。",
        "二、下一步打算",
    ];

    internal static byte[] Docx(IEnumerable<string> paragraphs, Action<ZipArchive>? addToZip = null)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(paragraphs.Select(p => new Paragraph(new Run(new Text(p))))));
        }
        if (addToZip is not null)
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true);
            addToZip(zip);
        }
        return stream.ToArray();
    }

    private static Task<ReportFileText> ReadAsync(byte[] bytes, string name) => ReportFiles.ReadAsync(new MemoryStream(bytes), name);

    [Fact]
    public async Task AWordDocumentBecomesTheReportMarkdownWithItsHeadingsAndYear()
    {
        var report = await ReadAsync(Docx(Paragraphs), "报告.docx");

        Assert.Equal("""
            # 2023年度法治政府建设工作情况报告

            ## 一、工作成效

            ### （一）强化法治学习

            全年调处矛盾纠纷892件，调解成功率98.5%。

            ## 二、下一步打算
            """.Replace("\r\n", "\n"), report.Markdown);
        Assert.Equal((2023, "2023年度法治政府建设工作情况报告"), (report.Year, report.Title));
        Assert.Equal([892m, 98.5m], FigureExtractor.Extract(report.Markdown, ImportCorpusTests.Catalog).Select(f => f.Value));
    }

    [Fact]
    public async Task ASavedWebPageKeepsTheReportAndDropsThePageFurniture()
    {
        const string html = """
            <!DOCTYPE html><html><head><title>政府网站</title><script>var visits = 12345;</script></head>
            <body><nav>首页 &gt; 政务公开</nav>
            <div class="meta"><p>索引号：11500102/2024-00012</p><p>发布机构：某某街道办事处</p><p>浏览次数：2024</p><p>【字体：大 中 小】</p></div>
            <div class="article"><h1>某某街道2024年法治政府建设年度报告</h1><p>一、主要工作</p><p>全年发放普法资料837余份。</p></div>
            <footer>主办单位：某某区人民政府</footer></body></html>
            """;

        var report = await ReadAsync(Encoding.UTF8.GetBytes(html), "报告.html");

        Assert.Equal("# 某某街道2024年法治政府建设年度报告\n\n## 一、主要工作\n\n全年发放普法资料837余份。", report.Markdown);
        Assert.Equal(2024, report.Year);
    }

    [Fact]
    public async Task ATextFileInGbkIsReadAsChinese()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

        var report = await ReadAsync(Encoding.GetEncoding("GB18030").GetBytes(string.Join("\r\n", Paragraphs)), "报告.txt");

        Assert.Contains("全年调处矛盾纠纷892件", report.Markdown);
        Assert.Equal(2023, report.Year);
    }

    [Fact]
    public async Task APdfWithATextLayerIsReadAndOneWithoutIsSaidToBeAScan()
    {
        var withText = new PdfDocumentBuilder();
        var font = withText.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
        withText.AddPage(UglyToad.PdfPig.Content.PageSize.A4).AddText("Report 2023: 892 cases", 12, new UglyToad.PdfPig.Core.PdfPoint(50, 700), font);
        var scan = new PdfDocumentBuilder();
        scan.AddPage(UglyToad.PdfPig.Content.PageSize.A4);

        var read = await ReadAsync(withText.Build(), "report.pdf");
        var refused = await Assert.ThrowsAsync<ReportFileException>(() => ReadAsync(scan.Build(), "扫描件.pdf"));

        Assert.Contains("892 cases", read.Markdown);
        Assert.Contains("没有文字层", refused.Message);
    }

    /// <summary>
    /// A Chinese PDF as office programs write it: a CID-keyed font (Adobe-GB1, not embedded: the text is what is
    /// read, not drawn) with a ToUnicode map, one line of text each. Built byte by byte here (PdfPig's builder has no
    /// CJK font to embed on this machine).
    /// </summary>
    internal static byte[] ChinesePdf(IReadOnlyList<string> lines)
    {
        var content = new StringBuilder("BT /F1 12 Tf 14 TL 50 790 Td\n");
        foreach (var line in lines)
        {
            content.Append('<').Append(string.Concat(line.Select(c => ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)))).Append("> Tj T*\n");
        }
        content.Append("ET");
        // Each code is its UTF-16 unit: one range per high byte that occurs.
        var ranges = lines.SelectMany(l => l).Select(c => c >> 8).Distinct().Order().ToList();
        var toUnicode = new StringBuilder("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Identity-UCS def /CMapType 2 def\n");
        toUnicode.Append("1 begincodespacerange <0000> <FFFF> endcodespacerange\n");
        toUnicode.Append(ranges.Count).Append(" beginbfrange\n");
        foreach (var high in ranges)
        {
            toUnicode.Append($"<{high:X2}00> <{high:X2}FF> <{high:X2}00>\n");
        }
        toUnicode.Append("endbfrange endcmap CMapName currentdict /CMap defineresource pop end end");
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
            $"<< /Length {Encoding.ASCII.GetByteCount(content.ToString())} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 /FontDescriptor 8 0 R >>",
            $"<< /Length {Encoding.ASCII.GetByteCount(toUnicode.ToString())} >>\nstream\n{toUnicode}\nendstream",
            "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -120 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 80 >>",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(pdf.ToString()));
            pdf.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = Encoding.ASCII.GetByteCount(pdf.ToString());
        pdf.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) pdf.Append($"{offset:D10} 00000 n \n");
        pdf.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    [Fact]
    public async Task AChinesePdfIsReadAsTheReportMarkdownWithItsFigures()
    {
        var pdf = ChinesePdf(["2023年度法治政府建设工作情况报告", "一、工作成效", "（一）化解矛盾纠纷", "全年排查调处矛盾纠纷612件，调解成功率97.2%。"]);

        var report = await ReadAsync(pdf, "报告.pdf");

        Assert.Equal(2023, report.Year);
        Assert.Contains("# 2023年度法治政府建设工作情况报告", report.Markdown);
        Assert.Contains("## 一、工作成效", report.Markdown);
        Assert.Contains("### （一）化解矛盾纠纷", report.Markdown);
        Assert.Contains("全年排查调处矛盾纠纷612件，调解成功率97.2%。", report.Markdown);
    }

    [Fact]
    public async Task APdfWhoseTextReadsAsGibberishIsRefusedInsteadOfImported()
    {
        // Fonts whose characters map to nothing readable: the private-use area, as broken exports give.
        var unmapped = ChinesePdf([new string('\uE013', 12) + "2023" + new string('\uE0A1', 20), new string('\uE044', 30)]);
        // Chinese read as Latin-1 (GBK bytes taken one by one), as a PDF with a wrong encoding gives.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var latin = Encoding.Latin1.GetString(Encoding.GetEncoding("GB18030").GetBytes("全年排查调处矛盾纠纷612件，调解成功率97.2%，受理信访事件58件，均按期办结。开展集中普法宣传活动30余场。"));
        var mojibake = ChinesePdf([latin[..60], latin[60..]]);

        var refused = await Assert.ThrowsAsync<ReportFileException>(() => ReadAsync(unmapped, "乱码.pdf"));
        var alsoRefused = await Assert.ThrowsAsync<ReportFileException>(() => ReadAsync(mojibake, "乱码2.pdf"));

        Assert.Contains("乱码", refused.Message);
        Assert.Contains("乱码", alsoRefused.Message);
        Assert.False(ReportFiles.LooksGarbled("Report 2023: 892 cases, 98.5% mediated, 58 petitions handled in time."));
        Assert.False(ReportFiles.LooksGarbled(Dashboard.Tests.Support.SeedFolder.ReportText));
    }

    public static TheoryData<string, string> BadFiles() => new()
    {
        { "empty", "文件是空的" },
        { "too-large", "文件超过 10 MB" },
        { "old-word", "旧版 Word（.doc）" },
        { "password", "设有打开密码" },
        { "zip-bomb", "解压后超过 24 MB 的上限" },
        { "junk", "不是可读取的报告文件" },
        { "right-to-left", "不可见的字符" },
        { "zip-not-word", "不是可读取的 Word 文件" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task ABadFileIsRefusedWithAChineseReason(string kind, string expected)
    {
        var ole = new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.Concat(new byte[2048]).ToArray();
        var (bytes, name) = kind switch
        {
            "empty" => (Array.Empty<byte>(), "空.docx"),
            "too-large" => (new byte[ReportFiles.MaxBytes + 1], "大.txt"),
            "old-word" => (ole, "报告.doc"),
            "password" => (ole, "报告.docx"),
            // The part that is read unpacks to 60 MB: refused while it unpacks.
            "zip-bomb" => (Docx(Paragraphs, zip =>
            {
                zip.GetEntry("word/document.xml")!.Delete();
                using var entry = zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open();
                entry.Write("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"u8);
                var spaces = new byte[1024 * 1024];
                Array.Fill(spaces, (byte)' ');
                for (var i = 0; i < 60; i++) entry.Write(spaces);
            }), "报告.docx"),
            "junk" => (Enumerable.Range(0, 4096).Select(i => (byte)(i * 7 % 256)).ToArray(), "报告.bin"),
            "right-to-left" => (Encoding.UTF8.GetBytes("全年调处矛盾纠纷\u202E892件"), "报告.txt"),
            _ => (ZipOf("readme.txt", "not a document"), "报告.docx"),
        };

        var refused = await Assert.ThrowsAsync<ReportFileException>(() => ReadAsync(bytes, name));

        Assert.Contains(expected, refused.Message);
    }

    private static byte[] ZipOf(string entryName, string content)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        using (var writer = new StreamWriter(zip.CreateEntry(entryName).Open()))
        {
            writer.Write(content);
        }
        return stream.ToArray();
    }
}
