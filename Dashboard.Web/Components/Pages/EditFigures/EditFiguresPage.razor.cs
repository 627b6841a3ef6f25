using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Web.Components.Drafts;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Dashboard.Web.Components.Pages.EditFigures;

public partial class EditFiguresPage
{
    private IReadOnlyList<Category> categories = [];
    private List<int> savedYears = [];
    private List<EditRow> rows = [];
    private bool saving;
    private ElementReference grid;
    private readonly Dictionary<long, IReadOnlyList<FigureHistoryEntry>> histories = [];
    private bool focusProblemPending;

    private bool HasChanges => rows.Any(r => r.IsDirty);

    /// <summary>Counts the merges of others' saves: the year's publication plan is read again after each.</summary>
    private long followed;

    /// <summary>The year was published: the grid shows every figure as 已发布 now.</summary>
    private async Task YearPublishedAsync(Dashboard.Data.Reports.YearPublicationResult result)
    {
        await LoadRowsAsync();
        Say($"已发布 {Year} 年度：{result.FiguresPublished} 项数据改为“已发布”" + (result.ReportPublished ? "，报告已公开" : "") + "。访客现在可以看到。", error: false);
    }

    protected override string DraftName => "figures";
    protected override ElementReference DraftRoot => grid;
    protected override string ModulePath => "./Components/Pages/EditFigures/EditFiguresPage.razor.js";

    protected override async Task<IReadOnlyCollection<int>> SavedYearsAsync() =>
        savedYears = [.. await Figures.GetYearsAsync(Organization!.Id, Reader)];

    protected override async Task LoadAsync()
    {
        categories = await Catalog.GetCategoriesAsync();
        await LoadRowsAsync();
    }

    /// <summary>
    /// Someone saved (another editor, another server, an import): a row nobody is editing here shows the new figure at
    /// once; a row being edited — typed changes, or typing or the cursor in it in the browser — keeps them and shows the
    /// other value with the choice (采用对方的值 / 仍用我的值) now rather than at the save. Nothing typed is overwritten.
    /// </summary>
    protected override async Task FollowAsync()
    {
        if (Organization is null || saving)
        {
            return;
        }
        var loads = Live.Loads;
        var figures = (await Figures.GetFiguresAsync(Organization.Id, Year, Reader)).ToDictionary(f => f.IndicatorId);
        var editing = await Drafts.EditingAsync(grid);
        if (loads != Live.Loads || saving)
        {
            return;
        }
        var updated = new List<long>();
        foreach (var row in rows)
        {
            var current = figures.GetValueOrDefault(row.Indicator.Id);
            if (current?.Version == row.Original?.Version && current?.UpdatedAt == row.Original?.UpdatedAt)
            {
                continue;
            }
            if (row.IsDirty || editing.Contains(row.Indicator.Code))
            {
                row.Conflict = new FigureConflict(new FigureSave { OrganizationId = Organization.Id, IndicatorId = row.Indicator.Id, Year = Year }, current);
            }
            else
            {
                row.Reset(current);
                updated.Add(row.Indicator.Id);
            }
            if (histories.ContainsKey(row.Indicator.Id))
            {
                histories[row.Indicator.Id] = await Figures.GetFigureHistoryAsync(Organization.Id, row.Indicator.Id, Year, Reader);
            }
        }
        Live.Updated(updated);
        followed++;
        StateHasChanged();
    }

    private string? RowClass(EditRow row) => Live.ClassOf(row.Indicator.Id, row.IsDirty);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        await base.OnAfterRenderAsync(firstRender);
        if (focusProblemPending && Module is not null)
        {
            focusProblemPending = false;
            await Module.InvokeVoidAsync("focusFirstProblem", grid);
        }
    }

    /// <summary>Brings back what was typed before the page reloaded; values typed over an older version come back as a conflict.</summary>
    protected override async Task RestoreAsync(Draft draft)
    {
        var key = DraftKey;
        var restored = rows.Where(row => draft.Rows.TryGetValue(row.Indicator.Code, out var typed) && row.Restore(typed)).ToList();
        if (restored.Count == 0)
        {
            await Drafts.ClearAsync(grid, key);
            return;
        }
        // Values typed over an older version come back as a conflict: the editor chooses, nothing is overwritten unseen.
        var stale = restored.Where(row => row.IsStale).ToList();
        foreach (var row in stale)
        {
            row.Conflict = new FigureConflict(row.ToSave(Organization!.Id, Year) ?? new FigureSave(), row.Original);
        }
        Say($"这里有您上次未保存的 {restored.Count} 项修改（页面重新加载前保存在本浏览器中），已恢复到表格中，尚未保存：请检查后点击“保存”。"
            + (stale.Count > 0 ? $"其中 {stale.Count} 项在此期间已被他人修改，请逐项选择。" : ""), error: false);
    }

    private async Task LoadRowsAsync()
    {
        var summary = await Figures.GetYearSummaryAsync(Organization!.Id, Year, Reader);
        var figures = (await Figures.GetFiguresAsync(Organization.Id, Year, Reader)).ToDictionary(f => f.IndicatorId);
        rows = summary.Select(r => new EditRow(r.Indicator, figures.GetValueOrDefault(r.Indicator.Id))).ToList();
        Live.Loaded();
    }

    // The save button is never disabled for want of changes: a value typed and the button clicked at once reaches the
    // server as the box's change and then the click, and a disabled button would swallow that first click.
    private async Task SaveAsync()
    {
        if (!HasChanges)
        {
            Say("没有需要保存的修改。", error: false);
            return;
        }
        saving = true;
        try
        {
            var changes = rows.Select(r => (Row: r, Save: r.ToSave(Organization!.Id, Year))).Where(x => x.Save is not null).ToList();
            if (rows.Any(r => r.Problems.Count > 0))
            {
                // The rows that could be read are checked by the save's rules too: every problem shows at once.
                var readable = changes.Select(c => c.Save!).ToList();
                foreach (var problem in await Commands.CheckBatchAsync(readable, await ActorNowAsync()))
                {
                    changes[problem.Index].Row.Problems.Add(problem.Message);
                }
                Say("有数值填写不正确，请按提示修改；未保存任何数据。", error: true);
                await FocusFirstProblemAsync();
                return;
            }
            foreach (var row in rows) row.Conflict = null;

            var actor = await ActorNowAsync();
            var result = await Commands.SaveBatchAsync(changes.Select(c => c.Save!).ToList(), actor);
            if (result.Conflicts.Count > 0)
            {
                foreach (var conflict in result.Conflicts)
                {
                    rows.Single(r => r.Indicator.Id == conflict.Attempted.IndicatorId).Conflict = conflict;
                }
                Say("有数据在您编辑期间已被他人修改，请逐项确认后再保存；未保存任何数据。", error: true);
                return;
            }
            if (result.Problems.Count > 0)
            {
                foreach (var problem in result.Problems)
                {
                    changes[problem.Index].Row.Problems.Add(problem.Message);
                }
                Say($"有 {result.Problems.Select(p => p.Index).Distinct().Count()} 项数据不符合要求，请按提示修改；未保存任何数据。", error: true);
                await FocusFirstProblemAsync();
                return;
            }

            await LoadRowsAsync();
            await Drafts.ClearAsync(grid, DraftKey);
            if (!savedYears.Contains(Year)) savedYears.Add(Year);
            Say($"已保存 {changes.Count} 项修改。", error: false);
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

    private async Task ToggleHistoryAsync(EditRow row)
    {
        if (!histories.Remove(row.Indicator.Id))
        {
            histories[row.Indicator.Id] = await Figures.GetFigureHistoryAsync(Organization!.Id, row.Indicator.Id, Year, Reader);
        }
    }

    /// <summary>Brings one figure back to the state a history entry left it in — itself a change, with its own history row.</summary>
    private async Task RevertAsync(EditRow row, FigureHistoryEntry entry)
    {
        var reason = $"恢复为 {entry.ChangedAt.ToLocalTime():yyyy-MM-dd HH:mm} {entry.ChangedBy} 修改后的值";
        var save = new FigureSave
        {
            OrganizationId = Organization!.Id, IndicatorId = row.Indicator.Id, Year = Year,
            ExpectedVersion = row.Original?.Version, Reason = reason,
            // The note and words as the entry left them, where the history knows them (older entries: as they are now).
            SourceText = entry.NewSourceText ?? row.Original?.SourceText ?? "", Note = entry.NewNote ?? row.Original?.Note ?? "",
        };
        save = entry.NewValue is { } value
            ? save with { Value = value, Qualifier = entry.NewQualifier ?? Qualifier.Exact, Status = entry.NewStatus is FigureStatus.Published ? FigureStatus.Published : FigureStatus.Provisional }
            : save with { Remove = true };

        var actor = await ActorNowAsync();
        SaveResult result;
        try
        {
            result = await Commands.SaveBatchAsync([save], actor);
        }
        catch (Dashboard.Data.Users.AccessDeniedException e)
        {
            Say(e.Message, error: true);
            return;
        }
        if (!result.Succeeded)
        {
            row.Conflict = result.Conflicts.FirstOrDefault();
            row.Problems.Clear();
            row.Problems.AddRange(result.Problems.Select(p => p.Message));
            Say("未能恢复：" + (row.Problems.Count > 0 ? string.Join(" ", row.Problems) : "该数据已被他人修改，请刷新后再试。"), error: true);
            return;
        }
        var current = (await Figures.GetFiguresAsync(Organization.Id, Year, Reader)).FirstOrDefault(f => f.IndicatorId == row.Indicator.Id);
        row.Reset(current);
        histories[row.Indicator.Id] = await Figures.GetFigureHistoryAsync(Organization.Id, row.Indicator.Id, Year, Reader);
        Say($"已将“{row.Indicator.Name}”恢复。", error: false);
    }

    /// <summary>Drops this row's edit in favour of what the other editor saved.</summary>
    private void TakeTheirs(EditRow row) => row.Reset(row.Conflict?.Current);

    /// <summary>Keeps this row's edit, now deliberately replacing what the other editor saved.</summary>
    private void KeepMine(EditRow row)
    {
        var conflict = row.Conflict!;
        var mine = (row.ValueText, row.Qualifier, row.Status, row.Note, row.Reason);
        row.Reset(conflict.Current);
        (row.ValueText, row.Qualifier, row.Status, row.Note, row.Reason) = mine;
        if (row.Reason.Length == 0 && conflict.Current is not null)
        {
            row.Reason = $"覆盖 {conflict.Current.UpdatedBy} 的修改";
        }
    }

    private async Task Discard()
    {
        await LoadRowsAsync();
        await Drafts.ClearAsync(grid, DraftKey);
        ClearMessage();
    }

    /// <summary>The year after the last one with figures: the one a clerk adds next (until it has figures, it is the one open).</summary>
    private int NextYear => (savedYears.Count > 0 ? savedYears.Max() : ThisYear - 2) + 1;

    private void AddYear() => Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("year", NextYear));

    /// <summary>The value the clerk typed, as the report would write it (with its unit), for the conflict message.</summary>
    private static string Typed(EditRow row) =>
        FigureInput.Parse(row.ValueText, row.Indicator) is { } figure ? FigureText.Format(figure.Value, figure.Qualifier ?? row.Qualifier, row.Indicator) : row.ValueText;

    /// <summary>After this render, the first row with a problem gets the focus (the rows may be far up the page).</summary>
    private Task FocusFirstProblemAsync()
    {
        focusProblemPending = true;
        return Task.CompletedTask;
    }
}
