using System.Globalization;
using System.IO.Compression;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Dashboard.Data.Import;
using MiniExcelLibs;

namespace Dashboard.Data.Spreadsheets;

public enum SheetFormat { Xlsx, Csv }

/// <summary>
/// An organization's figures as the spreadsheets clerks keep: Chinese column headers, one row per indicator and year.
/// Written as .xlsx (MiniExcel) or .csv (UTF-8 with a byte-order mark, which Excel needs to read Chinese); read back
/// from either, the CSV also in GB18030/GBK (what Excel on a Chinese Windows saves).
/// </summary>
public static class FigureSheets
{
    public const string OrganizationCode = "单位代码";
    public const string OrganizationName = "单位名称";
    public const string Year = "年度";
    public const string IndicatorCode = "指标代码";
    public const string Indicator = "指标";
    public const string Value = "数值";
    public const string Approximation = "约数";
    public const string Written = "写法";
    public const string Unit = "计量单位";
    public const string Status = "状态";
    public const string Source = "报告原文";
    public const string Note = "备注";
    public const string Reason = "修改原因";
    public const string LastYear = "上年数值";

    /// <summary>Files larger than this are refused before they are read.</summary>
    public const long MaxFileBytes = ReadLimits.MaxFileBytes;

    /// <summary>More rows than this are refused: an organization has a few dozen indicators a year.</summary>
    public const int MaxRows = 5_000;

    /// <summary>The columns of an export, in order.</summary>
    public static IReadOnlyList<string> ExportColumns { get; } =
        [OrganizationCode, OrganizationName, Year, IndicatorCode, Indicator, Value, Approximation, Written, Unit, Status, Source, Note];

    /// <summary>The columns of an entry template, in order: last year's figure beside the empty cell.</summary>
    public static IReadOnlyList<string> TemplateColumns { get; } =
        [OrganizationCode, Year, IndicatorCode, Indicator, Unit, LastYear, Value, Approximation, Status, Note, Reason];

    /// <summary>Writes rows (column → value, in the order of <paramref name="columns"/>) as one sheet per name.</summary>
    public static async Task WriteAsync(Stream stream, SheetFormat format, IReadOnlyList<string> columns,
        IReadOnlyList<(string Sheet, IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows)> sheets, CancellationToken cancellationToken = default)
    {
        if (format == SheetFormat.Xlsx)
        {
            var workbook = new Dictionary<string, object>();
            foreach (var (sheet, rows) in sheets)
            {
                // Every column, even for a sheet without figures (one empty row): the header is what a clerk fills in.
                IReadOnlyList<IReadOnlyDictionary<string, object?>> written = rows.Count > 0 ? rows : [new Dictionary<string, object?>()];
                workbook[sheet] = written.Select(r => columns.ToDictionary(c => c, c => r.GetValueOrDefault(c))).ToList();
            }
            await MiniExcel.SaveAsAsync(stream, workbook, excelType: ExcelType.XLSX, cancellationToken: cancellationToken);
            return;
        }
        // CSV: one table; a byte-order mark so that Excel reads the Chinese as UTF-8. Every field quoted, so that a
        // spreadsheet splitting on another separator (;) cannot start a field in the middle of a text.
        await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        await using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { ShouldQuote = _ => true });
        foreach (var column in columns) csv.WriteField(column);
        await csv.NextRecordAsync();
        foreach (var row in sheets.SelectMany(s => s.Rows))
        {
            foreach (var column in columns) csv.WriteField(CsvCell(row.GetValueOrDefault(column)));
            await csv.NextRecordAsync();
        }
    }

    /// <summary>
    /// A CSV cell as a spreadsheet may not mistake it for a formula (OWASP, CSV injection): a text that starts with
    /// = + - @ (or their full-width forms), a tab or a line break gets a leading apostrophe, which the spreadsheet shows
    /// as text and our own import takes off again. Numbers are written as numbers.
    /// </summary>
    internal static string CsvCell(object? value) => value switch
    {
        decimal or int or long or double => Format(value),
        _ => Format(value) is { Length: > 0 } text && FormulaStart(text) ? "'" + text : Format(value),
    };

    private static bool FormulaStart(string text) => text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n' or '＝' or '＋' or '－' or '＠';

    /// <summary>A CSV cell as written by <see cref="CsvCell"/>, read back: the apostrophe it added is taken off.</summary>
    internal static string FromCsvCell(string text) => text.Length > 1 && text[0] == '\'' && FormulaStart(text[1..]) ? text[1..] : text;

    private static string Format(object? value) => value switch
    {
        null => "",
        decimal d => d.ToString("0.##########", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>A sheet as read: the header's columns, and each row's cells by column (row numbers as the clerk sees them).</summary>
    public sealed record Table(IReadOnlyList<string> Columns, IReadOnlyList<(int RowNumber, IReadOnlyDictionary<string, object?> Cells)> Rows);

    /// <summary>
    /// Reads an uploaded file. Throws <see cref="SheetException"/> with a Chinese reason for anything that is not a
    /// readable sheet of figures: not a spreadsheet, protected by a password, too large, too many rows, formulas,
    /// merged header cells.
    /// </summary>
    public static async Task<Table> ReadAsync(Stream upload, string fileName, CancellationToken cancellationToken = default)
    {
        try
        {
            return await ReadAsync(upload, fileName, new ReadBudget(cancellationToken), cancellationToken);
        }
        catch (ReadLimitException limit)
        {
            throw new SheetException(limit.Message, limit);
        }
    }

    private static async Task<Table> ReadAsync(Stream upload, string fileName, ReadBudget budget, CancellationToken cancellationToken)
    {
        var bytes = await ReadAllAsync(upload, cancellationToken);
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (bytes.Length >= 8 && bytes.AsSpan(0, 8).SequenceEqual(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }))
        {
            // An OLE compound file: an encrypted (password-protected) .xlsx, or the old .xls format.
            throw new SheetException(extension == ".xls"
                ? "这是旧版 Excel 97-2003（.xls）文件：请在 Excel 中“另存为”Excel 工作簿（.xlsx）后再上传。"
                : "文件设有打开密码，无法读取：请在 Excel 中取消密码（文件→信息→保护工作簿）后另存再上传。");
        }
        var isZip = bytes.Length >= 4 && bytes[0] == 'P' && bytes[1] == 'K';
        return isZip ? ReadXlsx(bytes, budget)
            : extension is ".csv" or ".txt" ? ReadCsv(bytes)
            : throw new SheetException("不是可读取的表格文件：请上传 Excel 工作簿（.xlsx）或 CSV 文件（.csv）。");
    }

    private static async Task<byte[]> ReadAllAsync(Stream upload, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await upload.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxFileBytes)
            {
                throw new SheetException($"文件超过 {MaxFileBytes / 1024 / 1024} MB：一个单位的指标数据远小于此，请只保留数据表后再上传。");
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static Table ReadXlsx(byte[] bytes, ReadBudget budget)
    {
        CheckWorkbook(bytes, budget);
        try
        {
            using var stream = new MemoryStream(bytes);
            var rows = new List<(int, IReadOnlyDictionary<string, object?>)>();
            IReadOnlyList<string>? columns = null;
            var number = 1;
            foreach (IDictionary<string, object?> raw in stream.Query(useHeaderRow: false, excelType: ExcelType.XLSX))
            {
                if (columns is null)
                {
                    columns = raw.Values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)?.Trim() ?? "").ToList();
                    CheckHeader(columns);
                    number++;
                    continue;
                }
                if (rows.Count >= MaxRows)
                {
                    throw new SheetException($"行数超过 {MaxRows}：请只上传一个单位的指标数据。");
                }
                var cells = new Dictionary<string, object?>();
                var values = raw.Values.ToList();
                for (var i = 0; i < columns.Count && i < values.Count; i++)
                {
                    if (columns[i].Length > 0) cells[columns[i]] = values[i];
                }
                if (cells.Values.Any(v => v is not null && Convert.ToString(v, CultureInfo.InvariantCulture)!.Trim().Length > 0))
                {
                    rows.Add((number, cells));
                }
                number++;
            }
            return columns is null ? throw new SheetException("表格是空的。") : new Table(columns, rows);
        }
        catch (SheetException)
        {
            throw;
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or FormatException or System.Xml.XmlException or ArgumentException or IndexOutOfRangeException or NullReferenceException)
        {
            throw new SheetException("无法读取这个 Excel 文件（文件可能已损坏）：请在 Excel 中打开并另存为 .xlsx 后再上传。", e);
        }
    }

    /// <summary>The most characters all the texts of a workbook (its shared strings) may have together.</summary>
    private const int MaxSharedStringCharacters = 1_000_000;

    /// <summary>
    /// Every part of the workbook unpacked once, counted and parsed as a stream within the budget, before MiniExcel reads
    /// it (MiniExcel keeps the shared strings, and a sheet it reads, in memory): a 300 KB file holding one 300 MB text or
    /// twenty million texts, or a sheet that unpacks to 450 MB, is refused while it unpacks. And what MiniExcel would read
    /// silently but a clerk must hear about: formulas and merged header cells.
    /// </summary>
    private static void CheckWorkbook(byte[] bytes, ReadBudget budget)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            if (zip.GetEntry("xl/workbook.xml") is null)
            {
                throw new SheetException("不是可读取的表格文件：请上传 Excel 工作簿（.xlsx）或 CSV 文件（.csv）。");
            }
            if (zip.Entries.Count > 1_000)
            {
                budget.Refuse("表格文件中的部件超过 1000 个的上限，不像一份数据表，未读取。");
            }
            var cells = 0;
            var firstSheet = true;
            foreach (var entry in zip.Entries)
            {
                using var part = budget.Bounded(entry.Open(), ReadLimits.MaxPartBytes,
                    $"表格中的“{entry.FullName}”解压后超过 {ReadLimits.MaxPartBytes / 1024 / 1024} MB 的上限（一份数据表远小于此），未读取。");
                if (entry.FullName == "xl/sharedStrings.xml")
                {
                    CheckSharedStrings(part, budget);
                }
                else if (entry.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal) && entry.FullName.EndsWith(".xml", StringComparison.Ordinal))
                {
                    // Only the first sheet is read; it is the one that must be plain values.
                    cells = CheckSheet(part, budget, cells, firstSheet);
                    firstSheet = false;
                }
                else
                {
                    part.CopyTo(Stream.Null);
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or System.Xml.XmlException)
        {
            throw new SheetException("不是可读取的表格文件（文件可能已损坏）：请上传 Excel 工作簿（.xlsx）或 CSV 文件（.csv）。", e);
        }
    }

    private static System.Xml.XmlReader Xml(Stream part) => System.Xml.XmlReader.Create(part, new System.Xml.XmlReaderSettings
    {
        DtdProcessing = System.Xml.DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreWhitespace = true,
    });

    private static void CheckSharedStrings(Stream part, ReadBudget budget)
    {
        using var xml = Xml(part);
        long strings = 0, characters = 0;
        while (xml.Read())
        {
            if (xml.NodeType == System.Xml.XmlNodeType.Element && xml.LocalName == "si" && ++strings > ReadLimits.MaxSharedStrings)
            {
                budget.Refuse($"表格中的文字超过 {ReadLimits.MaxSharedStrings:N0} 段的上限（一份数据表远少于此），未读取。");
            }
            else if (xml.NodeType is System.Xml.XmlNodeType.Text or System.Xml.XmlNodeType.CDATA or System.Xml.XmlNodeType.SignificantWhitespace)
            {
                // Read a piece at a time: one text node may be the whole 300 MB.
                var chunk = new char[16 * 1024];
                int read;
                while ((read = xml.ReadValueChunk(chunk, 0, chunk.Length)) > 0)
                {
                    characters += read;
                    if (characters > MaxSharedStringCharacters)
                    {
                        budget.Refuse($"表格中的文字超过 {MaxSharedStringCharacters / 10_000} 万字的上限（一份数据表远少于此），未读取。");
                    }
                }
            }
        }
    }

    /// <summary>Counts the sheet's cells on top of <paramref name="cells"/>; the first sheet also has no formulas and no merged header.</summary>
    private static int CheckSheet(Stream part, ReadBudget budget, int cells, bool first)
    {
        using var xml = Xml(part);
        while (xml.Read())
        {
            if (xml.NodeType != System.Xml.XmlNodeType.Element) continue;
            if (xml.LocalName == "c" && ++cells > ReadLimits.MaxCells)
            {
                budget.Refuse($"表格的单元格超过 {ReadLimits.MaxCells:N0} 个的上限（一份数据表远少于此），未读取。");
            }
            else if (first && xml.LocalName == "f")
            {
                throw new SheetException("表格中含有公式（如 =SUM(…)）：导入只读取数值，请选中全部单元格“复制”后“选择性粘贴→数值”，另存后再上传。");
            }
            else if (first && xml.LocalName == "mergeCell" && xml.GetAttribute("ref") is { } range && System.Text.RegularExpressions.Regex.IsMatch(range, "^[A-Z]+1:"))
            {
                throw new SheetException("表头有合并单元格：请取消合并，让第一行每一列各有一个列名（如“指标代码”“数值”）后再上传。");
            }
        }
        return cells;
    }

    private static Table ReadCsv(byte[] bytes)
    {
        var text = TextRules.Decode(bytes);
        using var reader = new StringReader(text);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null, MissingFieldFound = null, DetectDelimiter = true });
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { } header)
        {
            throw new SheetException("表格是空的。");
        }
        var columns = header.Select(h => h.Trim()).ToList();
        CheckHeader(columns);
        var rows = new List<(int, IReadOnlyDictionary<string, object?>)>();
        while (csv.Read())
        {
            if (rows.Count >= MaxRows)
            {
                throw new SheetException($"行数超过 {MaxRows}：请只上传一个单位的指标数据。");
            }
            var cells = new Dictionary<string, object?>();
            for (var i = 0; i < columns.Count; i++)
            {
                if (columns[i].Length > 0 && csv.TryGetField<string>(i, out var value)) cells[columns[i]] = value is null ? null : FromCsvCell(value);
            }
            if (cells.Values.Any(v => v is string s && s.Trim().Length > 0))
            {
                rows.Add((csv.Parser.Row, cells));
            }
        }
        return new Table(columns, rows);
    }

    private static void CheckHeader(IReadOnlyList<string> columns)
    {
        if (!columns.Contains(IndicatorCode) && !columns.Contains(Indicator) || !columns.Contains(Value))
        {
            throw new SheetException($"第一行须是列名，且至少有“{IndicatorCode}”（或“{Indicator}”）和“{Value}”两列；请下载录入模板，按模板填写。");
        }
    }
}

/// <summary>A file that cannot be read as a sheet of figures; the message says why, in Chinese.</summary>
public sealed class SheetException(string message, Exception? inner = null) : Exception(message, inner);
