using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;

namespace Dashboard.Data.Import;

/// <summary>A report brought in as a file (or pasted), as the report Markdown the product uses, and the year it names.</summary>
public sealed record ReportFileText(string Markdown, string Title, int? Year);

/// <summary>
/// Reads a report from what offices have: .docx, .pdf with a text layer, a saved web page (.html), or text (.txt/.md,
/// UTF-8 or GB18030/GBK). The text becomes the product's report Markdown: the title as <c>#</c>, 一、 headings as
/// <c>##</c>, （一） headings as <c>###</c>, paragraphs kept, page furniture (索引号, 发布机构, 浏览次数, 字号 …) dropped.
/// Anything else is refused with a Chinese reason (<see cref="ReportFileException"/>); nothing is written.
/// </summary>
public static partial class ReportFiles
{
    public const long MaxBytes = ReadLimits.MaxFileBytes;

    /// <summary>
    /// Reads a report file within <see cref="ReadLimits"/> (checked while reading: decompressed bytes, pages, characters,
    /// text, time). Throws <see cref="ReportFileException"/> with a Chinese reason for anything it cannot or may not read.
    /// </summary>
    public static async Task<ReportFileText> ReadAsync(Stream file, string fileName, CancellationToken cancellationToken = default)
    {
        try
        {
            return await ReadAsync(file, fileName, new ReadBudget(cancellationToken), cancellationToken);
        }
        catch (ReadLimitException limit)
        {
            throw new ReportFileException(limit.Message, limit);
        }
    }

    private static async Task<ReportFileText> ReadAsync(Stream file, string fileName, ReadBudget budget, CancellationToken cancellationToken)
    {
        var bytes = await ReadAllAsync(file, cancellationToken);
        if (bytes.Length == 0 || bytes.All(b => b is 0 or (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
        {
            throw new ReportFileException("文件是空的。");
        }
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        string text;
        if (bytes.AsSpan().StartsWith(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }))
        {
            throw new ReportFileException(extension == ".docx"
                ? "文件设有打开密码，无法读取：请在 Word 中取消密码后另存再上传。"
                : "这是旧版 Word（.doc）文件：请在 Word 或 WPS 中“另存为”.docx 后再上传。");
        }
        if (bytes.AsSpan().StartsWith("%PDF"u8))
        {
            text = ReadPdf(bytes, budget);
        }
        else if (bytes.Length >= 4 && bytes[0] == 'P' && bytes[1] == 'K')
        {
            text = ReadDocx(bytes, budget);
        }
        else if (extension is ".html" or ".htm" || LooksLikeHtml(bytes))
        {
            text = ReadHtml(TextRules.Decode(bytes));
        }
        else if (extension is ".txt" or ".md" or "" && !IsBinary(bytes))
        {
            text = TextRules.Decode(bytes);
        }
        else
        {
            throw new ReportFileException("不是可读取的报告文件：请上传 Word（.docx）、带文字的 PDF、网页（.html）或文本文件（.txt），或直接粘贴正文。");
        }
        return FromText(text);
    }

    /// <summary>Pasted text, made into the report Markdown the same way as a file's.</summary>
    public static ReportFileText FromText(string text)
    {
        if (text.Length > ReadLimits.MaxTextLength)
        {
            throw new ReportFileException($"文字有 {text.Length:N0} 字，超过 {ReadLimits.MaxTextLength:N0} 字的上限（一份年度报告只有几万字），未读取。");
        }
        text = TextRules.UnifyIdeographs(text.Replace("\r\n", "\n").Replace('\r', '\n'));
        if (TextRules.InvisibleCharacterProblem(text, "正文") is { } invisible)
        {
            throw new ReportFileException(invisible);
        }
        var lines = text.Split('\n').Select(l => l.Trim().Replace('\u3000', ' ').Trim()).ToList();
        var kept = new List<string>();
        string? title = null;
        foreach (var line in lines)
        {
            if (line.Length == 0 || Furniture().IsMatch(line)) continue;
            var bare = line.TrimStart('#', ' ');
            if (title is null && bare.Length <= 60 && bare.Contains("报告") && !SectionHeading().IsMatch(bare) && !SubsectionHeading().IsMatch(bare))
            {
                title = bare;
                kept.Add("# " + bare);
            }
            else if (SectionHeading().IsMatch(bare) && bare.Length <= 60)
            {
                kept.Add("## " + bare);
            }
            else if (SubsectionHeading().IsMatch(bare) && bare.Length <= 60)
            {
                kept.Add("### " + bare);
            }
            else
            {
                kept.Add(line);
            }
        }
        var markdown = string.Join("\n\n", kept);
        if (markdown.Length == 0)
        {
            throw new ReportFileException("文件中没有文字：如果是扫描件，请上传带文字的版本，或直接粘贴正文。");
        }
        var yearSource = title ?? markdown[..Math.Min(300, markdown.Length)];
        int? year = YearOf().Match(yearSource) is { Success: true } match ? int.Parse(match.Groups[1].Value) : null;
        return new ReportFileText(markdown, title ?? "", year);
    }

    private static async Task<byte[]> ReadAllAsync(Stream file, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await file.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw new ReportFileException($"文件超过 {MaxBytes / 1024 / 1024} MB：一份年度报告远小于此。请去掉图片后再上传，或直接粘贴正文。");
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private const string WordMain = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    private const string MarkupCompatibility = "http://schemas.openxmlformats.org/markup-compatibility/2006";

    /// <summary>
    /// The paragraphs of a .docx, streamed from its document part within the budget (a part that unpacks to gigabytes
    /// is refused while it unpacks, not after): each <c>w:p</c> is a line of its <c>w:t</c> texts; a text box's
    /// paragraphs are lines of their own; a drawing's fallback copy (<c>mc:Fallback</c>) is not read twice.
    /// </summary>
    private static string ReadDocx(byte[] bytes, ReadBudget budget)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            var entry = zip.GetEntry("word/document.xml")
                ?? throw new ReportFileException("不是可读取的 Word 文件：请上传 .docx、带文字的 PDF 或文本文件。");
            using var part = budget.Bounded(entry.Open(), ReadLimits.MaxPartBytes,
                $"这个 Word 文件的正文解压后超过 {ReadLimits.MaxPartBytes / 1024 / 1024} MB 的上限，不像一份报告，未读取。");
            using var xml = System.Xml.XmlReader.Create(part, new System.Xml.XmlReaderSettings
            {
                DtdProcessing = System.Xml.DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreProcessingInstructions = true,
            });
            var lines = new StringBuilder();
            var open = new Stack<StringBuilder>();
            var characters = 0;
            // Read and Skip, ReadElementContentAsString each leave the reader on the next node: the loop moves on itself.
            xml.Read();
            while (!xml.EOF)
            {
                if (xml.NodeType == System.Xml.XmlNodeType.Element && xml.LocalName == "Fallback" && xml.NamespaceURI == MarkupCompatibility)
                {
                    xml.Skip();
                    continue;
                }
                if (xml.NamespaceURI == WordMain && xml.LocalName == "t" && xml.NodeType == System.Xml.XmlNodeType.Element && open.Count > 0)
                {
                    var text = xml.ReadElementContentAsString();
                    characters += text.Length;
                    if (characters > ReadLimits.MaxTextLength)
                    {
                        budget.Refuse($"这个 Word 文件的文字超过 {ReadLimits.MaxTextLength / 10_000} 万字的上限（一份年度报告只有几万字），未读取。");
                    }
                    open.Peek().Append(text);
                    continue;
                }
                if (xml.NamespaceURI == WordMain && xml.LocalName == "p")
                {
                    if (xml.NodeType == System.Xml.XmlNodeType.Element && xml.IsEmptyElement) lines.Append('\n');
                    else if (xml.NodeType == System.Xml.XmlNodeType.Element) open.Push(new StringBuilder());
                    else if (xml.NodeType == System.Xml.XmlNodeType.EndElement && open.Count > 0) lines.Append(open.Pop()).Append('\n');
                }
                xml.Read();
            }
            return lines.ToString();
        }
        catch (ReportFileException)
        {
            throw;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or System.Xml.XmlException or InvalidOperationException)
        {
            throw new ReportFileException("无法读取这个 Word 文件（文件可能已损坏）：请在 Word 中打开并另存为 .docx 后再上传，或直接粘贴正文。", e);
        }
    }

    private static string ReadPdf(byte[] bytes, ReadBudget budget)
    {
        try
        {
            var text = PdfParagraphs.Read(PdfText.ReadPages(bytes, budget));
            if (text.Trim().Length == 0)
            {
                throw new ReportFileException("这份 PDF 没有文字层（多为扫描件），无法读取其中的数字：请上传带文字的版本（Word 或由 Word 导出的 PDF），或直接粘贴正文。");
            }
            if (LooksGarbled(text))
            {
                throw new ReportFileException("这份 PDF 的文字读出来是乱码（其字体没有带上文字编码），无法识别其中的数字：请上传 Word 版本，或直接粘贴正文。");
            }
            return text;
        }
        catch (Exception e) when (e is ReportFileException or ReadLimitException or OperationCanceledException)
        {
            throw;
        }
        catch (Exception e) when (e.GetType().Namespace?.StartsWith("UglyToad", StringComparison.Ordinal) == true || e is InvalidOperationException or IOException or ArgumentException or InvalidCastException or KeyNotFoundException or IndexOutOfRangeException or NullReferenceException)
        {
            throw new ReportFileException(e.Message.Contains("encrypt", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("password", StringComparison.OrdinalIgnoreCase)
                ? "这份 PDF 设有密码，无法读取：请上传未加密的版本，或直接粘贴正文。"
                : "无法读取这份 PDF（文件可能已损坏）：请直接粘贴正文。", e);
        }
    }

    /// <summary>
    /// Text a PDF's fonts could not map to characters: private-use or replacement characters, or Chinese read as
    /// Latin letters (ÄÚ½Ö…), where a report is written in Chinese.
    /// </summary>
    internal static bool LooksGarbled(string text)
    {
        var characters = text.Where(c => !char.IsWhiteSpace(c)).ToList();
        if (characters.Count < 20) return false;
        var unmapped = characters.Count(c => c is >= '\uE000' and <= '\uF8FF' or '\uFFFD');
        if (unmapped * 20 >= characters.Count) return true;
        var han = characters.Count(c => c is >= '\u4E00' and <= '\u9FFF');
        var accented = characters.Count(c => c is >= '\u00C0' and <= '\u024F');
        return characters.Count >= 100 && han * 50 < characters.Count && accented * 5 >= characters.Count;
    }

    private static string ReadHtml(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        foreach (var noise in document.QuerySelectorAll("script, style, nav, header, footer, noscript, iframe").ToList())
        {
            noise.Remove();
        }
        // Block elements become lines; the text inside them stays together.
        var lines = new List<string>();
        foreach (var block in document.Body?.QuerySelectorAll("h1, h2, h3, h4, h5, h6, p, li, td, div").ToList() ?? [])
        {
            if (block.QuerySelector("h1, h2, h3, h4, h5, h6, p, li, td, div") is not null) continue;   // only the innermost blocks
            var text = block.TextContent.Trim();
            if (text.Length > 0) lines.Add(text);
        }
        return lines.Count > 0 ? string.Join("\n", lines) : document.Body?.TextContent ?? "";
    }

    private static bool LooksLikeHtml(byte[] bytes)
    {
        var start = Encoding.ASCII.GetString(bytes, 0, Math.Min(512, bytes.Length)).TrimStart('\uFEFF', ' ', '\n', '\r', '\t').ToLowerInvariant();
        return start.StartsWith("<!doctype html") || start.StartsWith("<html");
    }

    /// <summary>Binary junk: control bytes other than line breaks and tabs in the first kilobytes.</summary>
    private static bool IsBinary(byte[] bytes) => bytes.Take(8192).Count(b => b < 0x09 || (b > 0x0D && b < 0x20)) > 0;

    [GeneratedRegex(@"^(?:索引号|发布机构|发文机关|发布日期|发文日期|成文日期|生成日期|浏览次数|访问量|字号|【字体|字体[:：]|打印|关闭|分享到|来源[:：]|发布时间|主题分类|文号|有效性|信息来源|扫一扫|【打印】|【关闭】|上一篇|下一篇|当前位置|首页)")]
    private static partial Regex Furniture();

    [GeneratedRegex(@"^[一二三四五六七八九十]{1,3}、")]
    private static partial Regex SectionHeading();

    [GeneratedRegex(@"^[（(][一二三四五六七八九十]{1,3}[）)]")]
    private static partial Regex SubsectionHeading();

    [GeneratedRegex(@"(20\d{2})\s*年")]
    private static partial Regex YearOf();
}

/// <summary>A report file that cannot be read; the message says why, in Chinese.</summary>
public sealed class ReportFileException(string message, Exception? inner = null) : Exception(message, inner);
