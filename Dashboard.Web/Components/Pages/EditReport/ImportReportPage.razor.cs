using System.Globalization;
using System.Text.Json;
using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Import;
using Dashboard.Data.Reports;
using Dashboard.Data.Users;
using Dashboard.Web.Components.Drafts;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.JSInterop;

namespace Dashboard.Web.Components.Pages.EditReport;

/// <summary>
/// Brings a report in: a file or pasted text becomes report Markdown, every figure the extractor finds is
/// proposed with an indicator, the editor decides row by row (or accepts every sure one), and one transaction stores
/// the text, the figures with their words, any new indicators and the names to mask (<see cref="ReportImport"/>).
/// </summary>
public partial class ImportReportPage
{
    /// <summary>The value of the indicator choice that adds the proposed new indicator (administrators of every organization).</summary>
    private const string NewIndicator = "+new";

    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private ReadGate Reads { get; set; } = default!;
    [Inject] private CatalogQueries Catalog { get; set; } = default!;
    [Inject] private FigureQueries Figures { get; set; } = default!;
    [Inject] private ReportQueries Reports { get; set; } = default!;
    [Inject] private ReportImport Import { get; set; } = default!;

    private IReadOnlyList<Category> categories = [];
    private IReadOnlyList<Indicator> indicators = [];
    private bool canAddIndicators;
    private Review? review;
    private int? done;
    private bool reading;
    private bool committing;
    private ElementReference pasteForm;
    private ElementReference draftRoot;
    /// <summary>Text put back into the paste box (a restored draft); a new <see cref="pasteGeneration"/> puts it in.</summary>
    private string pastedText = "";
    private int pasteGeneration;

    /// <summary>One import at a time per organization, whatever year it turns out to be for.</summary>
    protected override string DraftKey => $"import:{Organization?.Code}";
    protected override string DraftName => "import";
    protected override ElementReference DraftRoot => draftRoot;

    /// <summary>The module that reads pasted text as a stream (the report editor's), once text is pasted.</summary>
    private IJSObjectReference? module;

    private sealed class NameChoice(string name)
    {
        public string Name { get; } = name;
        public bool Masked { get; set; } = true;
    }

    /// <summary>A line of the text: a heading (1–3) or a paragraph, by its offsets in the body.</summary>
    private sealed record TextBlock(int Heading, int Start, int End);

    /// <summary>A proposal as the editor has decided it so far.</summary>
    private sealed class Row(ImportProposal proposal)
    {
        public ImportProposal Proposal { get; } = proposal;
        public int Index => Proposal.Index;
        /// <summary>What identifies the row in a kept draft: where its words are in the text (the same text gives the same rows).</summary>
        public int Key => Proposal.RawStart;
        public string IndicatorCode { get; set; } = "";
        public string ValueText { get; set; } = "";
        public decimal? Value { get; set; }
        public Qualifier Qualifier { get; set; }
        public bool Accepted { get; set; }
        public Figure? Existing { get; set; }
        public string? Problem { get; set; }
        public string NewName { get; set; } = "";
        public string NewUnit { get; set; } = "";
        public string NewCategory { get; set; } = "";
        public bool Differs => Existing is { } e && (e.Value != Value || e.Qualifier != Qualifier);
    }

    /// <summary>Everything on the review screen; nothing is stored until the commit.</summary>
    private sealed class Review
    {
        public required string Body { get; init; }
        public string? FileName { get; init; }
        public required string Title { get; set; }
        public int Year { get; set; }
        public string Published { get; set; } = "";
        public bool FiguresPublished { get; set; }
        public Report? StoredReport { get; set; }
        public bool ReplaceReport { get; set; }
        public List<NameChoice> Names { get; init; } = [];
        public string MoreNames { get; set; } = "";
        public List<Row> Rows { get; init; } = [];
        public List<TextBlock> Blocks { get; init; } = [];
        public List<Figure> Stored { get; set; } = [];
        public IReadOnlyList<Figure> Unmentioned => [.. Stored.Where(f => !Rows.Any(r => r.IndicatorCode == f.IndicatorCode))];
    }

    /// <summary>The years with a report: the review proposes the year the text names, else the address's or last year.</summary>
    protected override async Task<IReadOnlyCollection<int>> SavedYearsAsync() => await Reports.GetYearsAsync(Organization!.Id, Reader);

    private long? reviewedOrganization;

    protected override async Task LoadAsync()
    {
        if (reviewedOrganization != Organization!.Id) review = null;
        reviewedOrganization = Organization.Id;
        canAddIndicators = Actor.HasEverywhere(Role.Admin);
        categories = await Catalog.GetCategoriesAsync();
        indicators = [.. (await Catalog.GetIndicatorsAsync()).Where(i => !i.IsRetired)];
    }

    /// <summary>What visitors (not signed in) will see of the import, said before it is made: a published report is public whatever its figures' status.</summary>
    internal static string VisitorsSee(bool reportPublished, bool figuresPublished) => (reportPublished, figuresPublished) switch
    {
        (true, true) => "导入后，访客可以看到报告全文和这些数据。",
        (true, false) => "导入后，访客可以看到报告全文，但看不到这些数据：它们记为暂定，在“数据录入”中改为“已发布”后才公开。",
        (false, true) => "导入后，访客看得到这些已发布的数据，看不到报告正文（草稿）。",
        (false, false) => "导入后，报告（草稿）和这些数据（暂定）都只有本单位的用户能看到，访客看不到。",
    };

    /// <summary>The page is live (the circuit is up): the paste button works from now on.</summary>
    private bool interactive;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            interactive = true;
            StateHasChanged();
        }
        await base.OnAfterRenderAsync(firstRender);
    }

    /// <summary>Brings back what was pasted and decided before the page reloaded.</summary>
    protected override async Task RestoreAsync(Draft draft)
    {
        if (draft.Rows.TryGetValue("review", out var kept) && kept.Fields.TryGetValue("body", out var body) && body.Length > 0)
        {
            await RestoreReviewAsync(kept, body);
        }
        else if (draft.Rows.TryGetValue("paste", out var paste) && paste.Fields.TryGetValue("body", out var text) && text.Length > 0)
        {
            pastedText = text;
            pasteGeneration++;
            Say("这里有您上次粘贴、尚未识别的报告正文（页面重新加载前保存在本浏览器中），已放回下面的输入框。", error: false);
        }
    }

    /// <summary>
    /// Puts a review back as the editor left it: the same text gives the same proposals, and each decision is applied
    /// to its row. A choice to replace stored data is not brought back: the data may have changed meanwhile.
    /// </summary>
    private async Task RestoreReviewAsync(DraftRow kept, string body)
    {
        string Field(string name, string fallback = "") => kept.Fields.TryGetValue(name, out var value) ? value : fallback;
        await ReviewAsync(new ReportFileText(body, Field("title"), QueryValue.Int(Field("year"))), Field("file") is { Length: > 0 } file ? file : null);
        if (review is not { } current) return;
        current.Published = Field("published");
        current.FiguresPublished = Field("status") == nameof(FigureStatus.Published);
        current.MoreNames = Field("more-names");
        foreach (var name in current.Names)
        {
            name.Masked = Field($"name:{name.Name}", "true") == "true";
        }
        var replaced = 0;
        foreach (var row in current.Rows)
        {
            if (kept.Fields.TryGetValue($"indicator:{row.Key}", out var code)
                && (code.Length == 0 || (code == NewIndicator && canAddIndicators && row.Proposal.NewIndicator is not null) || indicators.Any(i => i.Code == code)))
            {
                row.IndicatorCode = code;
                SetExisting(row);
            }
            row.NewName = Field($"newname:{row.Key}", row.NewName);
            row.NewUnit = Field($"newunit:{row.Key}", row.NewUnit);
            row.NewCategory = Field($"newcat:{row.Key}", row.NewCategory);
            if (kept.Fields.TryGetValue($"value:{row.Key}", out var value)) SetValue(row, value);
            if (Enum.TryParse<Qualifier>(Field($"qualifier:{row.Key}"), out var qualifier)) row.Qualifier = qualifier;
            var accepted = Field($"accept:{row.Key}", row.Accepted ? "true" : "false") == "true" && row.IndicatorCode.Length > 0;
            if (accepted && row.Differs) replaced++;
            row.Accepted = accepted && !row.Differs;
        }
        Say("这里有您上次未完成的报告核对（页面重新加载前保存在本浏览器中），已恢复，尚未导入：请检查后点击“导入”。"
            + (replaced > 0 ? $"其中 {replaced} 项要替换已有数据，请重新勾选“替换已有”。" : "")
            + (current.StoredReport is not null ? "该年度已有报告正文，如要替换请重新勾选。" : ""), error: false);
    }

    private async Task ReadFileAsync(InputFileChangeEventArgs e)
    {
        using var turn = await Reads.EnterAsync((await ActorNowAsync()).UserName);
        if (turn.Refusal is { } busy)
        {
            Say($"《{e.File.Name}》未读取：{busy}", error: true);
            return;
        }
        reading = true;
        try
        {
            // The file crosses the live connection in pieces; more than the limit is refused, not read.
            await using var stream = e.File.OpenReadStream(ReportFiles.MaxBytes);
            var text = await ReportFiles.ReadAsync(stream, e.File.Name);
            await ReviewAsync(text, e.File.Name);
        }
        catch (ReportFileException problem)
        {
            Say($"《{e.File.Name}》未能读取：{problem.Message}", error: true);
        }
        catch (IOException) when (e.File.Size > ReportFiles.MaxBytes)
        {
            Say($"《{e.File.Name}》超过 {ReportFiles.MaxBytes / 1024 / 1024} MB，未读取。", error: true);
        }
        finally
        {
            reading = false;
        }
    }

    /// <summary>
    /// Reads the pasted text from the browser as a stream (a whole report is larger than one circuit message), with
    /// its length and checksum: text that did not arrive whole is not reviewed.
    /// </summary>
    private async Task ReadPastedAsync()
    {
        using var turn = await Reads.EnterAsync((await ActorNowAsync()).UserName);
        if (turn.Refusal is { } busy)
        {
            Say($"粘贴的正文未读取：{busy}", error: true);
            return;
        }
        reading = true;
        try
        {
            module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Pages/EditReport/EditReportPage.razor.js");
            if (await module.InvokeAsync<int>("length", pasteForm) is var length && length > ReportCommands.MaxBodyLength)
            {
                Say($"粘贴的正文有 {length:N0} 字，超过 {ReportCommands.MaxBodyLength:N0} 字的上限，未读取：一份年度报告只有几万字，请检查是否粘贴了多余的内容。", error: true);
                return;
            }
            await using var reference = await module.InvokeAsync<IJSStreamReference>("read", pasteForm);
            await using var stream = await reference.OpenReadStreamAsync(8L * ReportCommands.MaxBodyLength);
            var pasted = await JsonSerializer.DeserializeAsync<Pasted>(stream, JsonSerializerOptions.Web);
            if (pasted is null || pasted.Body.Length != pasted.Length || ReportText.Checksum(pasted.Body) != pasted.Checksum)
            {
                Say("粘贴的正文没有完整送达服务器，请再点一次“识别数字”。", error: true);
                return;
            }
            if (pasted.Body.Length > ReportCommands.MaxBodyLength)
            {
                Say($"正文不能超过 {ReportCommands.MaxBodyLength:N0} 字。", error: true);
                return;
            }
            await ReviewAsync(ReportFiles.FromText(pasted.Body), null);
        }
        catch (ReportFileException problem)
        {
            Say($"粘贴的正文未能读取：{problem.Message}", error: true);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or JsonException or TaskCanceledException or ArgumentOutOfRangeException)
        {
            // Larger than any report may be (the stream is refused by its size), or the connection failed on the way.
            Say($"粘贴的正文未读取：正文不能超过 {ReportCommands.MaxBodyLength:N0} 字，或未能完整送到服务器。", error: true);
        }
        finally
        {
            reading = false;
        }
    }

    private sealed record Pasted(string Body, int Length, string Checksum);

    private async Task ReviewAsync(ReportFileText text, string? fileName)
    {
        if (text.Markdown.Length > ReportCommands.MaxBodyLength)
        {
            Say($"正文有 {text.Markdown.Length:N0} 字，超过了 {ReportCommands.MaxBodyLength:N0} 字，未读取。", error: true);
            return;
        }
        var year = text.Year ?? QueryValue.Int(YearText) ?? YearRules.Reporting(Clock);
        var body = ReportText.Normalize(text.Markdown);
        var proposals = ReportImport.Propose(body, indicators, [], null);
        var next = new Review
        {
            Body = body, FileName = fileName, Year = year,
            Title = text.Title.Length > 0 ? text.Title : $"{year} 年度法治政府建设工作情况报告",
            Names = [.. proposals.PersonalNames.Select(n => new NameChoice(n))],
            Blocks = Blocks(body),
        };
        foreach (var proposal in proposals.Figures)
        {
            var figure = proposal.Figure;
            var idea = proposal.NewIndicator;
            next.Rows.Add(new Row(proposal)
            {
                IndicatorCode = figure.Indicator ?? "",
                Value = figure.Value, ValueText = figure.Value.ToString("0.####", CultureInfo.InvariantCulture), Qualifier = figure.Qualifier,
                Accepted = proposal.Sure,
                NewName = idea?.Name ?? "", NewUnit = idea?.Unit ?? figure.Unit, NewCategory = categories.FirstOrDefault()?.Code ?? "",
            });
        }
        review = next;
        done = null;
        ClearMessage();
        await LoadYearAsync();
    }

    /// <summary>The stored report and figures of the chosen year: a row that now says something else than the stored figure is no longer taken.</summary>
    private async Task LoadYearAsync()
    {
        var current = review!;
        current.StoredReport = await Reports.GetReportAsync(Organization!.Id, current.Year, Reader);
        current.ReplaceReport = false;
        current.Stored = [.. await Figures.GetFiguresAsync(Organization.Id, current.Year, Reader)];
        foreach (var row in current.Rows)
        {
            SetExisting(row);
        }
    }

    private void SetExisting(Row row)
    {
        row.Existing = review!.Stored.FirstOrDefault(f => f.IndicatorCode == row.IndicatorCode);
        if (row.Differs) row.Accepted = false;
    }

    private async Task YearChangedAsync(ChangeEventArgs e)
    {
        if (review is null || QueryValue.Int(e.Value as string) is not { } year) return;
        review.Year = year;
        await LoadYearAsync();
    }

    private void SetIndicator(Row row, string? code)
    {
        row.IndicatorCode = code ?? "";
        row.Accepted = row.IndicatorCode.Length > 0;
        SetExisting(row);
        SetValue(row, row.ValueText);
    }

    /// <summary>A corrected value, typed as clerks type it (811, 524余, 约50, 99.5%): the words set the qualifier too.</summary>
    private void SetValue(Row row, string? typed)
    {
        row.ValueText = typed?.Trim() ?? "";
        var indicator = indicators.FirstOrDefault(i => i.Code == row.IndicatorCode)
            ?? new Indicator { Code = "new", CategoryCode = "", Name = "", NameEn = "", Description = "", Unit = row.NewUnit, Kind = row.NewUnit == "%" ? IndicatorKind.Rate : IndicatorKind.Count };
        if (FigureInput.Parse(row.ValueText, indicator) is { } parsed)
        {
            row.Value = parsed.Value;
            if (parsed.Qualifier is { } qualifier) row.Qualifier = qualifier;
            row.Problem = null;
        }
        else
        {
            row.Value = null;
            row.Problem = FigureInput.Hint;
        }
        if (row.Differs && row.Existing is not null && row.Accepted) row.Accepted = false;
    }

    private void AcceptSure()
    {
        foreach (var row in review!.Rows)
        {
            if (row.Proposal.Sure && row.IndicatorCode == row.Proposal.Figure.Indicator && !row.Differs && row.Problem is null) row.Accepted = true;
        }
    }

    private void DropAll()
    {
        foreach (var row in review!.Rows) row.Accepted = false;
    }

    private async Task StartOver()
    {
        review = null;
        ClearMessage();
        await Drafts.ClearAsync(draftRoot, DraftKey);
    }

    private async Task CommitAsync()
    {
        if (review is not { } current) return;
        var taken = current.Rows.Where(r => r.Accepted && r.IndicatorCode.Length > 0).ToList();
        if (taken.FirstOrDefault(r => r.Value is null) is { } unreadable)
        {
            Say($"“{unreadable.Proposal.Figure.Raw}”的数值无法识别：{FigureInput.Hint}", error: true);
            return;
        }
        if (taken.GroupBy(CodeOf).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            Say($"同一指标在一年中只能有一个数：{string.Join("、", twice.Select(r => r.Proposal.Figure.Raw))} 选了同一个指标，请只保留一个。", error: true);
            return;
        }
        if (current.StoredReport is not null && !current.ReplaceReport)
        {
            Say($"{current.Year} 年度已有报告正文：请勾选“以导入的正文替换”，或改选年度。", error: true);
            return;
        }
        committing = true;
        try
        {
            var names = current.Names.Where(n => n.Masked).Select(n => n.Name).Concat(PersonalNames.Parse(current.MoreNames));
            var result = await Import.CommitAsync(new ReportImportCommit
            {
                OrganizationId = Organization!.Id, Year = current.Year, Title = current.Title, Body = current.Body,
                Published = current.Published, PersonalNames = string.Join("、", names.Distinct()),
                FigureStatus = current.FiguresPublished ? FigureStatus.Published : FigureStatus.Provisional,
                ExpectedReportUpdatedAt = current.StoredReport?.UpdatedAt, FileName = current.FileName,
                Figures = [.. taken.Select(r => new ImportedFigure(CodeOf(r), r.Value!.Value, r.Qualifier, r.Proposal.SourceText, r.Existing?.Version))],
                NewIndicators = [.. taken.Where(r => r.IndicatorCode == NewIndicator).Select(r => new IndicatorSave
                {
                    Code = r.Proposal.NewIndicator!.Code, CategoryCode = r.NewCategory, Name = r.NewName.Trim(), Unit = r.NewUnit.Trim(),
                    Kind = r.NewUnit.Trim() == "%" ? IndicatorKind.Rate : IndicatorKind.Count, Direction = Direction.Neutral,
                    Description = $"导入报告时添加，原文：{Shorten(r.Proposal.Figure.Sentence)}",
                })],
            }, await ActorNowAsync());
            if (result.Succeeded)
            {
                Say($"已导入 {current.Year} 年度报告正文（{current.Body.Length:N0} 字）和 {result.FiguresSaved} 项数据（{(current.FiguresPublished ? "已发布" : "暂定")}）；看板已更新，数字与原文关联。", error: false);
                done = current.Year;
                review = null;
                await Drafts.ClearAsync(draftRoot, DraftKey);
                indicators = [.. (await Catalog.GetIndicatorsAsync()).Where(i => !i.IsRetired)];
            }
            else if (result.ReportConflict is { } other)
            {
                Say($"{Labels.Author(other.UpdatedBy)} 于 {other.UpdatedAt.ToLocalTime():HH:mm} 刚保存了 {current.Year} 年度的报告正文，未导入任何内容：请核对后再导入。", error: true);
                await LoadYearAsync();
            }
            else if (result.Conflicts.Count > 0)
            {
                Say($"核对之后有 {result.Conflicts.Count} 项数据被他人修改，未导入任何内容：已载入最新的已有数据，请再核对一次。", error: true);
                await LoadYearAsync();
            }
            else
            {
                Say($"未导入任何内容：{string.Join(" ", result.Problems)}", error: true);
            }
        }
        catch (AccessDeniedException denied)
        {
            Say(denied.Message, error: true);
        }
        finally
        {
            committing = false;
        }
    }

    /// <summary>A stored figure as the report would write it (60件, 524余场).</summary>
    private string Written(Figure figure) => indicators.FirstOrDefault(i => i.Code == figure.IndicatorCode) is { } indicator
        ? FigureText.Format(figure.Value, figure.Qualifier, indicator)
        : FigureText.Format(figure.Value, figure.Qualifier);

    private static string CodeOf(Row row) => row.IndicatorCode == NewIndicator ? row.Proposal.NewIndicator!.Code : row.IndicatorCode;

    /// <summary>The text's lines as headings and paragraphs, by offset (so each proposal marks exactly its words).</summary>
    private static List<TextBlock> Blocks(string body)
    {
        var blocks = new List<TextBlock>();
        var start = 0;
        while (start < body.Length)
        {
            var end = body.IndexOf('\n', start);
            if (end < 0) end = body.Length;
            var line = start;
            var level = 0;
            while (line < end && body[line] == '#') { level++; line++; }
            while (line < end && body[line] == ' ') line++;
            if (line < end) blocks.Add(new TextBlock(Math.Min(level, 3), line, end));
            start = end + 1;
        }
        return blocks;
    }

    /// <summary>This page's address without a fragment: what the marks and rows link each other by.</summary>
    private string Here => Navigation.ToBaseRelativePath(Navigation.Uri).Split('#')[0];

    private RenderFragment RenderSpans(TextBlock block) => builder =>
    {
        var at = block.Start;
        var here = Here;
        foreach (var row in review!.Rows.Where(r => r.Proposal.RawStart >= block.Start && r.Proposal.RawEnd <= block.End))
        {
            if (row.Proposal.RawStart < at) continue;
            builder.AddContent(0, review.Body[at..row.Proposal.RawStart]);
            builder.OpenElement(1, "a");
            builder.AddAttribute(2, "id", $"mark-{row.Index}");
            builder.AddAttribute(3, "href", $"{here}#proposal-{row.Index}");
            builder.AddAttribute(4, "class", row.Accepted && row.IndicatorCode.Length > 0 ? "import-mark import-mark--taken" : "import-mark");
            builder.AddAttribute(5, "title", row.IndicatorCode.Length > 0 ? indicators.FirstOrDefault(i => i.Code == row.IndicatorCode)?.Name ?? row.NewName : "不导入");
            builder.AddContent(6, row.Proposal.Figure.Raw);
            builder.CloseElement();
            at = row.Proposal.RawEnd;
        }
        builder.AddContent(7, review.Body[at..block.End]);
    };

    private static string RowClass(Row row) =>
        (row.Accepted && row.IndicatorCode.Length > 0 ? "proposal--taken" : "proposal--dropped") + (row.Differs ? " proposal--differs" : "");

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;

    protected override async ValueTask DisposeOwnAsync()
    {
        if (module is not null) await module.DisposeAsync();
    }
}
