using System.IO.Compression;
using System.Text;
using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Spreadsheets;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using MiniExcelLibs;

namespace Dashboard.Tests.Data;

/// <summary>Spreadsheets in and out, on the seeded figures of 罗星街道: real .xlsx and .csv files, the real database.</summary>
public class SpreadsheetTests : IAsyncLifetime
{
    /// <summary>The same tests on PostgreSQL.</summary>
    public sealed class OnPostgres : SpreadsheetTests, IOnPostgres
    {
        protected override DatabaseEngine Engine => DatabaseEngine.Postgres;
    }

    protected virtual DatabaseEngine Engine => DatabaseEngine.Sqlite;

    private TempDatabase database = null!;
    private Organization luoxing = null!;
    private Actor clerk = null!;
    private FigureImport import = null!;

    public async Task InitializeAsync()
    {
        database = await TempDatabase.CreateSeededAsync(Engine);
        luoxing = (await new CatalogQueries(database.Db).GetOrganizationAsync("luoxing"))!;
        clerk = await Actors.SignInAsync(database.Db, "clerk", Role.Editor, organizationCode: "luoxing");
        import = new FigureImport(database.Db, TimeProvider.System);
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private async Task<byte[]> ExportAsync(SheetFormat format, int? year = null)
    {
        using var stream = new MemoryStream();
        await new FigureExport(database.Db).WriteFiguresAsync(stream, format, [luoxing], year, Reader.System("测试"));
        return stream.ToArray();
    }

    private async Task<ImportPlan> PreviewAsync(byte[] file, string name, int? year = null) =>
        await import.PreviewAsync(await FigureSheets.ReadAsync(new MemoryStream(file), name), name, luoxing, year, Reader.System("测试"));

    private static byte[] Csv(string text, Encoding? encoding = null) => (encoding ?? new UTF8Encoding(true)).GetPreamble().Concat((encoding ?? Encoding.UTF8).GetBytes(text)).ToArray();

    private async Task<IReadOnlyList<Figure>> FiguresAsync() => await new FigureQueries(database.Db).GetAllFiguresAsync(luoxing.Id, Reader.System("测试"));

    [EngineTheory]
    [InlineData(SheetFormat.Xlsx, "罗星街道-指标数据.xlsx")]
    [InlineData(SheetFormat.Csv, "罗星街道-指标数据.csv")]
    public async Task ADownloadedFileUploadedAgainChangesNothing(SheetFormat format, string name)
    {
        var before = await FiguresAsync();
        var file = await ExportAsync(format);

        var plan = await PreviewAsync(file, name);

        Assert.Equal(before.Count, plan.Rows.Count);
        Assert.All(plan.Rows, row => Assert.Equal(ImportRowKind.Unchanged, row.Kind));
        Assert.False(plan.CanCommit);
        if (format == SheetFormat.Csv)
        {
            Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, file[..3]);
            Assert.Contains("524余场", Encoding.UTF8.GetString(file));
        }
    }

    [EngineTheory]
    [InlineData(SheetFormat.Xlsx, "罗星街道-2024年度录入模板.xlsx")]
    [InlineData(SheetFormat.Csv, "罗星街道-2024年度录入模板.csv")]
    public async Task ATemplateOfAYearWithFiguresUploadedUnchangedChangesNothingNotEvenTheirNotes(SheetFormat format, string name)
    {
        var before = (await FiguresAsync()).Where(f => f.Year == 2024).ToList();
        Assert.Contains(before, f => f.Note.Length > 0);   // the seed's figures carry notes (1=是, names left out …)
        using var template = new MemoryStream();
        await new FigureExport(database.Db).WriteTemplateAsync(template, format, luoxing, 2024, Reader.System("测试"));

        var plan = await PreviewAsync(template.ToArray(), name);

        Assert.All(plan.Rows.Where(r => r.Kind != ImportRowKind.Unchanged), row => Assert.Fail($"{row.Kind}: {string.Join(" ", row.Problems)}"));
        Assert.Equal(before.Count, plan.Rows.Count(r => r.Kind == ImportRowKind.Unchanged));
        Assert.False(plan.CanCommit);
    }

    [EngineFact]
    public async Task AnEditedDownloadComesBackAsTheChangedFiguresInOneTransactionWithTheirHistory()
    {
        // The clerk corrects two published figures of the downloaded file and states why in the reason column.
        var text = Encoding.UTF8.GetString(await ExportAsync(SheetFormat.Csv)).TrimStart('\uFEFF');
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ToList();
        // Every field of the download is quoted.
        lines[0] += ",修改原因";
        for (var i = 1; i < lines.Count; i++)
        {
            var isPetitions = lines[i].Contains(",\"petitions_handled\",");
            lines[i] += isPetitions ? ",按信访系统复核" : ",";
            lines[i] = isPetitions ? lines[i].Replace(",\"73\",", ",\"75\",") : lines[i];
        }
        var plan = await PreviewAsync(Csv(string.Join("\r\n", lines)), "复核.csv");

        var changed = Assert.Single(plan.Rows, r => r.Kind == ImportRowKind.Changed);
        Assert.Equal(("信访事件", "75件"), (changed.IndicatorName, changed.AfterText));
        var result = await import.CommitAsync(plan, clerk);

        Assert.True(result.Succeeded);
        var petitions = (await FiguresAsync()).Single(f => f.IndicatorCode == "petitions_handled");
        Assert.Equal(75, petitions.Value);
        var history = await new FigureQueries(database.Db).GetHistoryAsync(petitions.Id, Reader.System("测试"));
        Assert.Contains(history, h => h.Reason == "导入 复核.csv：按信访系统复核" && h.ChangedBy == "clerk" && h.NewValue == 75);
    }

    [EngineFact]
    public async Task AFilledTemplateEntersANewYearAsProvisionalFigures()
    {
        using var template = new MemoryStream();
        await new FigureExport(database.Db).WriteTemplateAsync(template, SheetFormat.Xlsx, luoxing, 2025, Reader.System("测试"));
        var rows = template.ToArray().Length > 0
            ? MiniExcel.Query(new MemoryStream(template.ToArray()), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList()
            : [];
        Assert.Contains(rows, r => (string?)r["指标代码"] == "disputes_mediated" && (string?)r["上年数值"] == "811件");
        foreach (var row in rows)
        {
            row["数值"] = (string?)row["指标代码"] switch { "disputes_mediated" => "892", "mediation_success_rate" => "98.5%", "petitions_handled" => "58", _ => null };
        }
        using var filled = new MemoryStream();
        await MiniExcel.SaveAsAsync(filled, rows, excelType: ExcelType.XLSX);

        var plan = await PreviewAsync(filled.ToArray(), "2025年度.xlsx");
        var result = await import.CommitAsync(plan, clerk);

        Assert.Equal(3, plan.Count(ImportRowKind.New));
        Assert.True(result.Succeeded, string.Join(";", result.Problems.Select(p => p.Message)));
        var year2025 = (await FiguresAsync()).Where(f => f.Year == 2025).ToList();
        Assert.Equal([("disputes_mediated", 892m), ("mediation_success_rate", 98.5m), ("petitions_handled", 58m)],
            year2025.Select(f => (f.IndicatorCode, f.Value)).OrderBy(x => x.IndicatorCode).ToList());
        Assert.All(year2025, f => Assert.Equal(FigureStatus.Provisional, f.Status));
    }

    [EngineFact]
    public async Task RowsWithProblemsAreEachExplainedAndTheFileCannotBeImported()
    {
        var csv = """
            指标代码,年度,数值,状态,修改原因
            disputes_mediated,2025,900,,
            no_such_indicator,2025,5,,
            petitions_handled,2025,许多,,
            mediation_success_rate,2025,120,,
            petitions_handled,2024,80,,
            """;
        var before = await FiguresAsync();

        var plan = await PreviewAsync(Csv(csv), "问题.csv");

        Assert.Equal(ImportRowKind.New, plan.Rows.Single(r => r.RowNumber == 2).Kind);
        Assert.Contains("不在指标目录中", plan.Rows.Single(r => r.RowNumber == 3).Problems.Single());
        Assert.Contains("不是数字", plan.Rows.Single(r => r.RowNumber == 4).Problems.Single());
        Assert.Contains("100", plan.Rows.Single(r => r.RowNumber == 5).Problems.Single());
        Assert.Contains("修改原因", plan.Rows.Single(r => r.RowNumber == 6).Problems.Single());
        Assert.False(plan.CanCommit);
        await Assert.ThrowsAsync<InvalidOperationException>(() => import.CommitAsync(plan, clerk));
        Assert.Equal(before.Count, (await FiguresAsync()).Count);
    }

    [EngineFact]
    public async Task AFigureChangedAfterThePreviewStopsTheWholeFile()
    {
        var plan = await PreviewAsync(Csv("指标代码,年度,数值\ndisputes_mediated,2025,900\npetitions_handled,2025,60\n"), "2025.csv");
        var indicator = (await new CatalogQueries(database.Db).GetIndicatorAsync("petitions_handled"))!;
        Assert.True((await new FigureCommands(database.Db, TimeProvider.System).SaveAsync(new FigureSave
        {
            OrganizationId = luoxing.Id, IndicatorId = indicator.Id, Year = 2025, Value = 61, Qualifier = Qualifier.Exact, Status = FigureStatus.Provisional,
        }, Actors.Writer("other"))).Succeeded);

        var result = await import.CommitAsync(plan, clerk);

        Assert.NotEmpty(result.Conflicts);
        Assert.DoesNotContain(await FiguresAsync(), f => f.Year == 2025 && f.IndicatorCode == "disputes_mediated");
    }

    [EngineFact]
    public async Task AGbkCsvFromAChineseExcelIsReadByTheWordsItsReportUsesForTheIndicator()
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var gbk = Encoding.GetEncoding("GB18030");
        var file = gbk.GetBytes("指标,年度,数值,约数\r\n调处矛盾纠纷,2025,900,余\r\n");

        var plan = await PreviewAsync(file, "导出.csv");

        // 调处矛盾纠纷 is one of the seed catalog's aliases of 矛盾纠纷排查调处.
        var row = Assert.Single(plan.Rows);
        Assert.Equal((ImportRowKind.New, "矛盾纠纷排查调处", "900余件"), (row.Kind, row.IndicatorName, row.AfterText));
    }

    [EngineFact]
    public async Task ADateWhereANumberBelongsIsSaid()
    {
        using var stream = new MemoryStream();
        await MiniExcel.SaveAsAsync(stream, new[] { new Dictionary<string, object?> { ["指标代码"] = "petitions_handled", ["年度"] = 2025, ["数值"] = new DateTime(2025, 3, 1) } }, excelType: ExcelType.XLSX);

        var plan = await PreviewAsync(stream.ToArray(), "日期.xlsx");

        Assert.Contains("数值是日期（2025-03-01）", Assert.Single(plan.Rows).Problems.Single());
    }

    public static TheoryData<string, string> BadFiles() => new()
    {
        { "not-a-sheet", "不是可读取的表格文件" },
        { "password", "文件设有打开密码" },
        { "too-large", "文件超过 10 MB" },
        { "too-many-rows", "行数超过 5000" },
        { "formula", "表格中含有公式" },
        { "merged-header", "表头有合并单元格" },
        { "no-header", "第一行须是列名" },
    };

    [EngineTheory]
    [MemberData(nameof(BadFiles))]
    public async Task ABadFileGetsAChineseReasonAndNothingIsRead(string kind, string expected)
    {
        var (bytes, name) = kind switch
        {
            "not-a-sheet" => (Encoding.UTF8.GetBytes("%PDF-1.7 这不是表格"), "报告.xlsx"),
            "password" => (new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.Concat(new byte[4096]).ToArray(), "加密.xlsx"),
            "too-large" => (new byte[FigureSheets.MaxFileBytes + 1], "大文件.csv"),
            "too-many-rows" => (Csv("指标代码,年度,数值\n" + string.Concat(Enumerable.Repeat("petitions_handled,2025,1\n", 100_000))), "十万行.csv"),
            "formula" => (await PatchedAsync(xml => xml.Replace("<x:v>7</x:v>", "<x:f>3+4</x:f><x:v>7</x:v>").Replace("<v>7</v>", "<f>3+4</f><v>7</v>")), "公式.xlsx"),
            "merged-header" => (await PatchedAsync(xml => xml.Replace("</x:sheetData>", "</x:sheetData><x:mergeCells count=\"1\"><x:mergeCell ref=\"A1:B1\"/></x:mergeCells>")
                                                        .Replace("</sheetData>", "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/></mergeCells>")), "合并.xlsx"),
            _ => (Csv("罗星街道 2025 年度指标\n信访事件,58\n"), "无表头.csv"),
        };

        var problem = await Assert.ThrowsAsync<SheetException>(() => FigureSheets.ReadAsync(new MemoryStream(bytes), name));

        Assert.Contains(expected, problem.Message);
    }

    /// <summary>A real .xlsx of one figure (7), its first sheet's XML changed as Excel would write a formula or a merge.</summary>
    private static async Task<byte[]> PatchedAsync(Func<string, string> patch)
    {
        using var stream = new MemoryStream();
        await MiniExcel.SaveAsAsync(stream, new[] { new Dictionary<string, object?> { ["指标代码"] = "petitions_handled", ["年度"] = 2025, ["数值"] = 7 } }, excelType: ExcelType.XLSX);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.Entries.First(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal));
            string xml;
            using (var reader = new StreamReader(entry.Open())) xml = await reader.ReadToEndAsync();
            var patched = patch(xml);
            Assert.NotEqual(xml, patched);
            entry.Delete();
            var replaced = zip.CreateEntry(entry.FullName);
            await using var writer = new StreamWriter(replaced.Open());
            await writer.WriteAsync(patched);
        }
        return stream.ToArray();
    }
}
