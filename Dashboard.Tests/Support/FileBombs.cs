using System.IO.Compression;
using System.Text;

namespace Dashboard.Tests.Support;

/// <summary>
/// Small files that cost a reader far more than their size, as a penetration test of the uploads made them: zip parts
/// that inflate to hundreds of megabytes, a workbook of twenty million texts, a PDF whose content inflates to a quarter
/// of a gigabyte, a PDF of a few kilobytes whose forms draw a billion characters. Made here, in memory, streaming.
/// </summary>
public static class FileBombs
{
    private const string SheetNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>A workbook whose only text is <paramref name="characters"/> long (the test found 300 MB in a 310 KB file).</summary>
    public static byte[] XlsxWithOneHugeText(long characters = 300L * 1024 * 1024) => Xlsx(
        sharedStrings: part =>
        {
            Write(part, $"<sst xmlns=\"{SheetNamespace}\" count=\"1\" uniqueCount=\"1\"><si><t>");
            Repeat(part, "A"u8, characters);
            Write(part, "</t></si></sst>");
        },
        sheet: part => Write(part, $"<worksheet xmlns=\"{SheetNamespace}\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row></sheetData></worksheet>"));

    /// <summary>A workbook whose sheet inflates to <paramref name="bytes"/> (the test found 450 MB in 463 KB).</summary>
    public static byte[] XlsxWithHugeSheet(long bytes = 450L * 1024 * 1024) => Xlsx(
        sharedStrings: null,
        sheet: part =>
        {
            Write(part, $"<worksheet xmlns=\"{SheetNamespace}\"><sheetData>");
            Repeat(part, " "u8, bytes);
            Write(part, "</sheetData></worksheet>");
        });

    /// <summary>A workbook of <paramref name="count"/> empty texts (the test found twenty million in 829 KB).</summary>
    public static byte[] XlsxWithManyTexts(int count = 20_000_000) => Xlsx(
        sharedStrings: part =>
        {
            Write(part, $"<sst xmlns=\"{SheetNamespace}\">");
            Repeat(part, "<si><t></t></si>"u8, (long)count * 16);
            Write(part, "</sst>");
        },
        sheet: part => Write(part, $"<worksheet xmlns=\"{SheetNamespace}\"><sheetData/></worksheet>"));

    /// <summary>A Word file whose document part inflates to <paramref name="bytes"/> (the test's declared 49 MB).</summary>
    public static byte[] DocxWithHugeDocument(long bytes = 49L * 1024 * 1024) => Zip(
        ("[Content_Types].xml", part => Write(part, "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>")),
        ("word/document.xml", part =>
        {
            Write(part, "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>");
            Repeat(part, "法"u8, bytes);
            Write(part, "</w:t></w:r></w:p></w:body></w:document>");
        }));

    /// <summary>A PDF whose page content inflates to <paramref name="bytes"/> (the test's was a gigabyte in 1 MB).</summary>
    public static byte[] PdfWithHugeContent(long bytes = 256L * 1024 * 1024)
    {
        using var content = new MemoryStream();
        using (var zlib = new ZLibStream(content, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            Write(zlib, "BT /F1 12 Tf 50 800 Td ");
            Repeat(zlib, "(A) Tj "u8, bytes);
            Write(zlib, "ET");
        }
        return Pdf(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            (Encoding.ASCII.GetBytes($"<< /Length {content.Length} /Filter /FlateDecode >>"), content.ToArray()));
    }

    /// <summary>
    /// A PDF of a few kilobytes whose page draws form X<paramref name="depth"/>, each form drawing the one below it
    /// <paramref name="fan"/> times and the last one ten characters: 10 × fan^depth characters (a billion by default).
    /// </summary>
    public static byte[] PdfWithNestedForms(int depth = 8, int fan = 10)
    {
        // Objects: 1 catalog, 2 pages, 3 page, 4 font, 5 page content, 6.. forms X0..Xdepth.
        var forms = new List<(byte[], byte[])>();
        for (var level = 0; level <= depth; level++)
        {
            var body = level == 0
                ? "BT /F1 12 Tf 0 0 Td (AAAAAAAAAA) Tj ET"
                : string.Concat(Enumerable.Repeat($"/X{level - 1} Do ", fan));
            var resources = level == 0 ? "<< /Font << /F1 4 0 R >> >>" : $"<< /XObject << /X{level - 1} {6 + level - 1} 0 R >> >>";
            forms.Add((Encoding.ASCII.GetBytes($"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources {resources} /Length {body.Length} >>"), Encoding.ASCII.GetBytes(body)));
        }
        var page = $"/X{depth} Do";
        return Pdf(
            $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /X{depth} {6 + depth} 0 R >> >> /Contents 5 0 R >>",
            [(Encoding.ASCII.GetBytes($"<< /Length {page.Length} >>"), Encoding.ASCII.GetBytes(page)), .. forms]);
    }

    /// <summary><paramref name="count"/> digits as a clerk might paste them by mistake (a column of a spreadsheet, a file's bytes).</summary>
    public static string PastedDigits(int count = 200_000)
    {
        var random = new Random(7);
        return string.Concat(Enumerable.Range(0, count).Select(_ => random.Next(12) switch { 10 => ' ', 11 => '件', var d => (char)('0' + d) }));
    }

    private static byte[] Xlsx(Action<Stream>? sharedStrings, Action<Stream> sheet)
    {
        var parts = new List<(string, Action<Stream>)>
        {
            ("[Content_Types].xml", part => Write(part, "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>")),
            ("_rels/.rels", part => Write(part, "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"r1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>")),
            ("xl/workbook.xml", part => Write(part, $"<?xml version=\"1.0\"?><workbook xmlns=\"{SheetNamespace}\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"r1\"/></sheets></workbook>")),
            ("xl/_rels/workbook.xml.rels", part => Write(part, "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"r1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"r2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>")),
        };
        if (sharedStrings is not null) parts.Add(("xl/sharedStrings.xml", sharedStrings));
        parts.Add(("xl/worksheets/sheet1.xml", sheet));
        return Zip([.. parts]);
    }

    private static byte[] Zip(params (string Name, Action<Stream> Write)[] parts)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, write) in parts)
            {
                using var part = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                write(part);
            }
        }
        return stream.ToArray();
    }

    /// <summary>A one-page PDF: catalog, page tree, <paramref name="page"/>, a standard font, then the streams in order.</summary>
    private static byte[] Pdf(string page, params (byte[] Dictionary, byte[] Data)[] streams)
    {
        using var pdf = new MemoryStream();
        var offsets = new List<long>();
        void Object(Action body)
        {
            offsets.Add(pdf.Length);
            Write(pdf, $"{offsets.Count} 0 obj\n");
            body();
            Write(pdf, "\nendobj\n");
        }
        Write(pdf, "%PDF-1.5\n");
        Object(() => Write(pdf, "<< /Type /Catalog /Pages 2 0 R >>"));
        Object(() => Write(pdf, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"));
        Object(() => Write(pdf, page));
        Object(() => Write(pdf, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"));
        foreach (var (dictionary, data) in streams)
        {
            Object(() =>
            {
                pdf.Write(dictionary);
                Write(pdf, "\nstream\n");
                pdf.Write(data);
                Write(pdf, "\nendstream");
            });
        }
        var xref = pdf.Length;
        Write(pdf, $"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) Write(pdf, $"{offset:D10} 00000 n \n");
        Write(pdf, $"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return pdf.ToArray();
    }

    private static void Write(Stream stream, string text) => stream.Write(Encoding.UTF8.GetBytes(text));

    /// <summary>Writes <paramref name="pattern"/> over and over until <paramref name="bytes"/> have been written.</summary>
    private static void Repeat(Stream stream, ReadOnlySpan<byte> pattern, long bytes)
    {
        var block = new byte[1024 * 1024 / pattern.Length * pattern.Length];
        for (var i = 0; i < block.Length; i += pattern.Length) pattern.CopyTo(block.AsSpan(i));
        for (long written = 0; written < bytes; written += block.Length)
        {
            stream.Write(block, 0, (int)Math.Min(block.Length, bytes - written) / pattern.Length * pattern.Length is var n && n > 0 ? n : pattern.Length);
        }
    }
}
