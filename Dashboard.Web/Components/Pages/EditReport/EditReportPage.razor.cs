using System.Globalization;
using System.Text.Json;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Import;
using Dashboard.Data.Reports;
using Dashboard.Web.Components.Drafts;
using Dashboard.Web.Views;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Dashboard.Web.Components.Pages.EditReport;

/// <summary>
/// A year's report text: title, publication date, the names it contains, and the Markdown body with a live preview.
/// The body lives in the browser and comes to the server as a stream (see EditReportPage.razor.js); what is typed is
/// kept in the browser tab (BrowserDrafts) until it is saved.
/// </summary>
public partial class EditReportPage
{
    /// <summary>The text as the browser sent it, and what identifies it there.</summary>
    private sealed record BodySnapshot(string Body, int Length, string Checksum, long Edits);

    /// <summary>≤ 200,000 characters of up to 3 bytes each, and JSON escapes for control characters (which are then refused).</summary>
    private const long MaxSnapshotBytes = 8L * ReportCommands.MaxBodyLength;

    [Inject] private CatalogQueries Catalog { get; set; } = default!;
    [Inject] private ReportDocuments Documents { get; set; } = default!;
    [Inject] private FigureQueries Figures { get; set; } = default!;
    [Inject] private ReportQueries Reports { get; set; } = default!;
    [Inject] private ReportCommands Commands { get; set; } = default!;

    /// <summary>The years with a report (saved or draft).</summary>
    private HashSet<int> savedYears = [];
    private Report? original;
    private DateTimeOffset? expectedUpdatedAt;
    private string title = "";
    private string published = "";
    private string personalNames = "";
    private string reason = "";
    private IReadOnlyList<ReportVersion> versions = [];
    /// <summary>The text put into the textarea (on load or restore); <see cref="generation"/> changes with it.</summary>
    private string loadedBody = "";
    private int generation;
    /// <summary>The text as last read from the browser.</summary>
    private string currentBody = "";
    private long editsSeen;
    private long editsRead;
    private long readsStarted;
    private long readsApplied;
    private IReadOnlyList<Figure> stored = [];
    private Dictionary<string, Indicator> indicators = [];
    /// <summary>Stored figures the text states but that have no words in it yet (see <see cref="ReportLinks"/>), for the text as last read.</summary>
    private IReadOnlyList<ReportLink> links = [];
    /// <summary>The links the editor declined (by indicator): confirmed links are saved with the text.</summary>
    private readonly HashSet<string> declined = [];
    private bool saving;
    private ElementReference editor;
    private DotNetObjectReference<EditReportPage>? self;

    protected override string DraftName => "report";
    protected override ElementReference DraftRoot => editor;
    protected override string ModulePath => "./Components/Pages/EditReport/EditReportPage.razor.js";

    protected override Task AttachAsync(IJSObjectReference module)
    {
        self = DotNetObjectReference.Create(this);
        return module.InvokeVoidAsync("attach", editor, self).AsTask();
    }

    protected override ValueTask DisposeOwnAsync()
    {
        self?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The years with figures or a report: the page opens on the latest.</summary>
    protected override async Task<IReadOnlyCollection<int>> SavedYearsAsync()
    {
        var reports = await Reports.GetReportsAsync(Organization!.Id, Reader);
        savedYears = [.. reports.Select(r => r.Year)];
        return [.. (await Figures.GetYearsAsync(Organization.Id, Reader)).Union(savedYears)];
    }

    private bool HasChanges =>
        title != (original?.Title ?? DefaultTitle) || published != (original?.Published ?? "") || personalNames != (original?.PersonalNames ?? "")
        || currentBody != (original?.Body ?? "") || editsSeen > editsRead;

    private string DefaultTitle => $"{Year} 年度法治政府建设工作情况报告";

    /// <summary>The figures marked in the preview: those whose words are in the text, and those the editor is about to link (see <see cref="Mark"/>).</summary>
    private IReadOnlyList<NarrativeFigure> marks = [];

    private IEnumerable<ReportLink> Confirmed => links.Where(l => l.Agrees && !declined.Contains(l.Figure.IndicatorCode));

    private NarrativeDocument Preview => Documents.Parse(currentBody, marks);

    private void Mark() => marks =
    [
        .. stored.Where(f => f.SourceText.Length > 0 && !links.Any(l => l.Figure.Id == f.Id)).Select(f => NarrativeFigure.From(f, indicators[f.IndicatorCode])),
        .. Confirmed.Select(l => NarrativeFigure.From(l.Figure with { SourceText = l.SourceText }, indicators[l.Figure.IndicatorCode])),
    ];

    /// <summary>The version the text in the editor was typed over (a restored draft keeps its own, so a conflict stays one).</summary>
    private static string DraftVersion(DateTimeOffset? typedOver) => typedOver?.ToString("O", CultureInfo.InvariantCulture) ?? "";

    protected override async Task LoadAsync()
    {
        original = await Reports.GetReportAsync(Organization!.Id, Year, Reader);
        versions = await Reports.GetHistoryAsync(Organization.Id, Year, Reader);
        reason = "";
        Show(original?.Title ?? DefaultTitle, original?.Published ?? "", original?.PersonalNames ?? "", original?.Body ?? "");
        expectedUpdatedAt = original?.UpdatedAt;
        await LoadFiguresAsync();
    }

    private async Task LoadFiguresAsync()
    {
        indicators = (await Catalog.GetIndicatorsAsync()).ToDictionary(i => i.Code);
        stored = await Figures.GetFiguresAsync(Organization!.Id, Year, Reader);
        declined.Clear();
        FindLinks();
    }

    /// <summary>Which stored figures the text states (or contradicts): recomputed whenever the text is read.</summary>
    private void FindLinks()
    {
        links = ReportLinks.Find(currentBody, stored, [.. indicators.Values], PersonalNames.Parse(personalNames));
        Mark();
    }

    private void ToggleLink(ReportLink link, bool confirmed)
    {
        if (confirmed) declined.Remove(link.Figure.IndicatorCode);
        else declined.Add(link.Figure.IndicatorCode);
        Mark();
    }

    /// <summary>Puts a report into the form: the textarea gets the body through a new element.</summary>
    private void Show(string title, string published, string personalNames, string body)
    {
        (this.title, this.published, this.personalNames) = (title, published, personalNames);
        loadedBody = currentBody = body;
        generation++;
        if (indicators.Count > 0) FindLinks();
        editsRead = editsSeen;
    }

    /// <summary>Brings back what was typed before the page reloaded, to be saved over the version it was typed on.</summary>
    protected override async Task RestoreAsync(Draft draft)
    {
        var key = DraftKey;
        if (!draft.Rows.TryGetValue("report", out var row))
        {
            return;
        }
        string Field(string name, string fallback) => row.Fields.TryGetValue(name, out var value) ? value : fallback;
        var restored = (Title: Field("title", title), Published: Field("published", published), Names: Field("names", personalNames), Body: Field("body", currentBody));
        if (restored == (title, published, personalNames, currentBody))
        {
            await Drafts.ClearAsync(editor, key);
            return;
        }
        Show(restored.Title, restored.Published, restored.Names, ReportText.Normalize(restored.Body));
        reason = Field("reason", "");
        // Saved over the version it was typed on: if someone saved meanwhile, the save says so instead of overwriting.
        expectedUpdatedAt = DateTimeOffset.TryParse(row.Version, CultureInfo.InvariantCulture, DateTimeStyles.None, out var version) ? version : null;
        Say("这里有您上次未保存的修改（页面重新加载前保存在本浏览器中），已恢复到编辑框中，尚未保存：请检查后点击“保存”。", error: false);
    }

    /// <summary>The browser says the text is being changed: leaving now asks first, even before the text arrives.</summary>
    [JSInvokable]
    public void BodyEditing(long edits)
    {
        if (edits > editsSeen)
        {
            editsSeen = edits;
            StateHasChanged();
        }
    }

    /// <summary>A pause in typing: read the text for the preview.</summary>
    [JSInvokable]
    public async Task BodyEdited()
    {
        try
        {
            await ReadBodyAsync();
        }
        catch (TooLongException tooLong)
        {
            Say(tooLong.Message, error: true);
        }
        StateHasChanged();
    }

    /// <summary>The text in the editor is longer than a report may be; the message says how long, in Chinese.</summary>
    private sealed class TooLongException(int length)
        : Exception($"正文有 {length:N0} 字，超过 {ReportCommands.MaxBodyLength:N0} 字的上限，未保存：一份年度报告只有几万字，请检查是否粘贴了多余的内容。");

    /// <summary>
    /// Reads the text from the browser; the newest read wins, whatever order the reads finish in. A text longer than a
    /// report may be is not read at all: <see cref="TooLongException"/> says how long it is.
    /// </summary>
    private async Task<BodySnapshot?> ReadBodyAsync()
    {
        if (Module is null) return null;
        if (await Module.InvokeAsync<int>("length", editor) is var length && length > ReportCommands.MaxBodyLength)
        {
            throw new TooLongException(length);
        }
        var sequence = ++readsStarted;
        await using var reference = await Module.InvokeAsync<IJSStreamReference>("read", editor);
        await using var stream = await reference.OpenReadStreamAsync(MaxSnapshotBytes);
        var snapshot = await JsonSerializer.DeserializeAsync<BodySnapshot>(stream, JsonSerializerOptions.Web);
        if (snapshot is not null && sequence > readsApplied)
        {
            readsApplied = sequence;
            currentBody = snapshot.Body;
            FindLinks();
            editsRead = Math.Max(editsRead, snapshot.Edits);
            editsSeen = Math.Max(editsSeen, snapshot.Edits);
        }
        return snapshot;
    }

    private async Task SaveAsync()
    {
        saving = true;
        try
        {
            BodySnapshot? snapshot;
            try
            {
                snapshot = await ReadBodyAsync();
            }
            catch (TooLongException tooLong)
            {
                Say(tooLong.Message, error: true);
                return;
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or JsonException or TaskCanceledException or ArgumentOutOfRangeException)
            {
                // The connection failed while the text was on its way (or it grew past the limit meanwhile).
                Say($"未能把正文完整送到服务器（正文不能超过 {ReportCommands.MaxBodyLength:N0} 字），未保存。", error: true);
                return;
            }
            if (snapshot is null)
            {
                Say("页面尚未就绪，未保存；请稍后再试。", error: true);
                return;
            }
            // Never disabled for want of changes (a title typed and the button clicked at once arrives as the box's
            // change, then the click); with nothing changed, nothing is stored (no empty version in the history).
            if (!HasChanges && !Confirmed.Any() && snapshot.Body == (original?.Body ?? ""))
            {
                Say("没有需要保存的修改。", error: false);
                return;
            }

            var actor = await ActorNowAsync();
            var result = await Commands.SaveAsync(new ReportSave
            {
                OrganizationId = Organization!.Id, Year = Year, Title = title, Published = published, Body = snapshot.Body, PersonalNames = personalNames,
                ExpectedUpdatedAt = expectedUpdatedAt, BodyLength = snapshot.Length, BodyChecksum = snapshot.Checksum, Reason = reason,
                Links = [.. Confirmed.Select(l => new SourceLink(l.Figure.IndicatorId, l.Figure.Version, l.SourceText))],
            }, actor);
            if (result.Problems.Count > 0)
            {
                Say(string.Join(" ", result.Problems) + " 未保存。", error: true);
            }
            else if (!result.Succeeded)
            {
                var who = result.Conflict is { } other ? $"{Labels.Author(other.UpdatedBy)} 于 {other.UpdatedAt.ToLocalTime():HH:mm}" : "他人";
                Say($"{who} 已修改了这份报告，未保存。请复制您的修改，刷新后再合并。", error: true);
            }
            else if (ReportText.Checksum(result.Saved!.Body) != snapshot.Checksum || result.Saved.Body.Length != snapshot.Length)
            {
                Say("保存后读回的正文与编辑框中的不一致，请再保存一次。", error: true);
            }
            else
            {
                original = result.Saved;
                expectedUpdatedAt = original.UpdatedAt;
                personalNames = original.PersonalNames;
                reason = "";
                versions = await Reports.GetHistoryAsync(Organization.Id, Year, Reader);
                await Drafts.ClearAsync(editor, DraftKey);
                var linked = Confirmed.Count();
                await LoadFiguresAsync();
                Say($"报告已保存（正文 {original.Body.Length:N0} 字，已核对与编辑框中一致）。" + (linked > 0 ? $"{linked} 项数据已与原文关联。" : ""), error: false);
            }
        }
        catch (Dashboard.Data.Users.AccessDeniedException e)
        {
            Say(e.Message, error: true);
        }
        finally
        {
            saving = false;
        }
    }

    /// <summary>
    /// Puts an earlier version into the editor, unsaved: saving it makes it the current version again (a new entry
    /// in the history), over the version the editor had loaded — a save by someone else meanwhile is still a conflict.
    /// </summary>
    private async Task LoadVersionAsync(ReportVersion version)
    {
        if (HasChanges && !await JS.InvokeAsync<bool>("confirm", "编辑框中有未保存的修改，载入历史版本会替换它们。确定吗？"))
        {
            return;
        }
        if (await Reports.GetVersionAsync(Organization!.Id, Year, version.Id, Reader) is not { } earlier)
        {
            return;
        }
        Show(earlier.Title, earlier.Published ?? "", earlier.PersonalNames, earlier.Body);
        reason = $"恢复为 {version.ChangedAt.ToLocalTime():yyyy-MM-dd HH:mm} {Labels.Author(version.ChangedBy)} 保存的版本";
        Say($"已载入 {Labels.Author(version.ChangedBy)} 于 {version.ChangedAt.ToLocalTime():yyyy-MM-dd HH:mm} 保存的版本（正文 {earlier.Body.Length:N0} 字），尚未保存：核对后点击“保存”即恢复为此版本。", error: false);
    }
}
