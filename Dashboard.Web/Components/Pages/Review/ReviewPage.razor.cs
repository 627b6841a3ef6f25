using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Review;
using Dashboard.Data.Users;
using Dashboard.Data.Years;
using Dashboard.Web.Components.Drafts;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Pages.Review;

/// <summary>
/// A reviewer's view of a submitted year: every figure beside last year's, the change, its words in the report, what
/// changed since the returned submission and what the product itself finds wrong; a reason per figure or paragraph,
/// sent back together by 退回, or 通过并发布. Typed reasons are kept in the browser tab like any editing page's work.
/// </summary>
public sealed partial class ReviewPage
{
    [Inject] private ReviewQueries Reviews { get; set; } = default!;
    [Inject] private YearCycle Cycle { get; set; } = default!;
    [Inject] private FigureQueries Figures { get; set; } = default!;

    private const string General = "general";

    private ReviewSheet? sheet;
    private IReadOnlyList<FigureHistoryEntry> corrections = [];
    private HashSet<int> savedYears = [];
    private readonly Dictionary<string, string> reasons = [];
    private string publishedOn = "";
    private bool busy;
    private ElementReference form;

    protected override string DraftName => "review";
    protected override ElementReference DraftRoot => form;
    protected override string Policy => Policies.ApproveYear;

    private bool CanDecide => sheet?.Status.State == YearState.Submitted;
    private bool HasChanges => reasons.Values.Any(r => r.Trim().Length > 0);
    private int NoteCount => reasons.Values.Count(r => r.Trim().Length > 0);

    private string Reason(string key) => reasons.GetValueOrDefault(key, "");

    protected override async Task<IReadOnlyCollection<int>> SavedYearsAsync()
    {
        var saved = await Figures.GetYearsAsync(Organization!.Id, Reader);
        savedYears = [.. saved];
        return saved;
    }

    protected override async Task LoadAsync()
    {
        reasons.Clear();
        publishedOn = "";
        await ReadAsync();
    }

    /// <summary>What is stored now; typed reasons stay (a resubmission meanwhile shows, and approving the older one is refused).</summary>
    protected override Task FollowAsync() => ReadAsync();

    private async Task ReadAsync()
    {
        sheet = await Reviews.SheetAsync(Organization!.Id, Year, Reader);
        corrections = await Reviews.CorrectionsAsync(Organization.Id, Year, Reader);
    }

    protected override Task RestoreAsync(Draft draft)
    {
        var restored = 0;
        foreach (var (key, row) in draft.Rows)
        {
            if (row.Fields.TryGetValue("reason", out var reason) && reason.Trim().Length > 0)
            {
                reasons[key] = reason;
                restored++;
            }
        }
        if (restored > 0)
        {
            Say($"这里有您上次未发出的 {restored} 条意见（页面重新加载前保存在本浏览器中），已恢复。", error: false);
        }
        return Task.CompletedTask;
    }

    private IReadOnlyList<ReturnNote> Notes()
    {
        var notes = new List<ReturnNote>();
        var paragraphs = sheet?.Report is { } report ? Paragraphs(report.Body) : [];
        foreach (var (key, reason) in reasons.Where(r => r.Value.Trim().Length > 0))
        {
            if (key == General) notes.Add(new ReturnNote(null, "", reason));
            else if (key.StartsWith('p') && int.TryParse(key[1..], out var index) && index < paragraphs.Count) notes.Add(new ReturnNote(null, paragraphs[index], reason));
            else if (sheet?.Rows.FirstOrDefault(r => r.Indicator.Code == key) is { } row) notes.Add(new ReturnNote(row.Indicator.Id, "", reason));
        }
        return notes;
    }

    private async Task ReturnAsync()
    {
        if (sheet is null) return;
        await DecideAsync(async actor => await Cycle.ReturnAsync(Organization!.Id, Year, sheet.Status.Submissions, Notes(), actor),
            $"已退回 {NoteCount} 条意见，填报人会收到通知。");
    }

    private async Task ApproveAsync()
    {
        if (sheet is null) return;
        if (!await JS.InvokeAsync<bool>("confirm", [$"确定通过 {Organization!.Name} {Year} 年度的审核并发布吗？发布后访客即可看到全部数据和报告。"])) return;
        await DecideAsync(async actor => await Cycle.ApproveAsync(Organization!.Id, Year, sheet.Status.Submissions, publishedOn, actor),
            $"{Year} 年度已审核通过并发布。");
    }

    private async Task DecideAsync(Func<Actor, Task<CycleResult>> decide, string done)
    {
        busy = true;
        try
        {
            var result = await decide(await ActorNowAsync());
            if (result.Succeeded)
            {
                reasons.Clear();
                await Drafts.ClearAsync(form, DraftKey);
                await ReadAsync();
                Say(done, error: false);
            }
            else
            {
                Say(string.Join(" ", result.Problems), error: true);
            }
        }
        catch (AccessDeniedException denied)
        {
            Say(denied.Message, error: true);
        }
        finally
        {
            busy = false;
        }
    }

    /// <summary>The report's paragraphs as a reviewer comments on them (headings and blank lines left out).</summary>
    private static List<string> Paragraphs(string body) =>
        [.. body.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#'))];

    private static string ChangeText(FigureHistoryEntry change, Indicator? indicator)
    {
        string Text(decimal? value, Qualifier? qualifier) => value is { } v
            ? indicator is null ? FigureText.Format(v, qualifier ?? Qualifier.Exact) : FigureText.Format(v, qualifier ?? Qualifier.Exact, indicator)
            : "（无）";
        return $"{Text(change.OldValue, change.OldQualifier)} → {Text(change.NewValue, change.NewQualifier)}";
    }

    private static string ActionWord(YearAction action) => action switch
    {
        YearAction.Submit => "提交审核",
        YearAction.Return => "退回",
        YearAction.Approve => "审核通过并发布",
        _ => "发布本年度",
    };
}
