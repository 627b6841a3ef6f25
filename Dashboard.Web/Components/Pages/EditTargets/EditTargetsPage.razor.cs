using System.Globalization;
using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Targets;
using Dashboard.Data.Users;
using Dashboard.Web.Components.Drafts;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Pages.EditTargets;

/// <summary>An organization's targets for a year, with the history of every change and one-click revert.</summary>
public partial class EditTargetsPage
{
    [Inject] private CatalogQueries Catalog { get; set; } = default!;
    [Inject] private FigureQueries Figures { get; set; } = default!;
    [Inject] private TargetQueries Targets { get; set; } = default!;
    [Inject] private TargetCommands Commands { get; set; } = default!;

    /// <summary>The years with figures.</summary>
    private HashSet<int> savedYears = [];
    private List<TargetRow> rows = [];
    private IReadOnlyList<TargetChange> history = [];
    private Dictionary<long, Indicator> indicators = [];
    private ElementReference table;

    private bool HasChanges => rows.Any(r => r.IsChanged);

    protected override string DraftName => "targets";
    protected override ElementReference DraftRoot => table;
    protected override int YearsAhead => 1;

    protected override async Task<IReadOnlyCollection<int>> SavedYearsAsync()
    {
        indicators = (await Catalog.GetIndicatorsAsync()).ToDictionary(i => i.Id);
        var saved = await Figures.GetYearsAsync(Organization!.Id, Reader);
        savedYears = [.. saved];
        return saved;
    }

    private sealed class TargetRow(Indicator indicator, Target? target, string current)
    {
        public Indicator Indicator { get; } = indicator;
        public Target? Original { get; } = target;
        public string Current { get; } = current;
        public Comparator Comparator { get; set; } = target?.Comparator ?? (indicator.Direction is Direction.LowerBetter or Direction.TargetZero ? Comparator.LessOrEqual : Comparator.GreaterOrEqual);
        public string ValueText { get; set; } = target is null ? "" : Number(target.Value);
        public string? Problem { get; set; }

        /// <summary>What the target was when the row was loaded: a draft typed over another one is not restored.</summary>
        public string Version => Original is null ? "" : $"{Original.Comparator}:{Number(Original.Value)}";

        public bool IsChanged => Original is null ? ValueText.Trim().Length > 0
            : ValueText.Trim() != Number(Original.Value) || Comparator != Original.Comparator;
    }

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Describe(Comparator? comparator, decimal? value, Indicator? indicator) =>
        TargetRules.Describe(comparator, value, indicator);

    protected override async Task LoadAsync()
    {
        (rows, history) = await ReadAsync();
        Live.Loaded();
    }

    /// <summary>The targets as stored, each beside the year's figure, and their history.</summary>
    private async Task<(List<TargetRow> Rows, IReadOnlyList<TargetChange> History)> ReadAsync()
    {
        var targets = (await Targets.GetTargetsAsync(Organization!.Id, Year, Year, Reader)).ToDictionary(t => t.IndicatorId);
        var summary = await Figures.GetYearSummaryAsync(Organization.Id, Year, Reader);
        var read = summary.Where(r => r.Indicator.Kind != IndicatorKind.Flag)
            .Select(r => new TargetRow(r.Indicator, targets.GetValueOrDefault(r.Indicator.Id),
                r.Current is { } c ? FigureText.Format(c.Value, c.Qualifier, r.Indicator) : "—"))
            .ToList();
        return (read, await Targets.GetHistoryAsync(Organization.Id, Year, Reader));
    }

    /// <summary>
    /// Someone saved (a target, a figure): the history and the year's figures are shown as they are now; a row nobody is
    /// editing here shows the new target, and a row being edited keeps what is typed and says what the target is now.
    /// </summary>
    protected override async Task FollowAsync()
    {
        if (Organization is null)
        {
            return;
        }
        var loads = Live.Loads;
        var (fresh, freshHistory) = await ReadAsync();
        var editing = Attached ? await Drafts.EditingAsync(table) : new HashSet<string>();
        if (loads != Live.Loads)
        {
            return;
        }
        var shown = rows.ToDictionary(r => r.Indicator.Id);
        var updated = new List<long>();
        for (var i = 0; i < fresh.Count; i++)
        {
            if (!shown.TryGetValue(fresh[i].Indicator.Id, out var row))
            {
                continue;
            }
            var stored = fresh[i].Original;
            var changed = TargetState.Of(stored) != TargetState.Of(row.Original);
            if (row.IsChanged || editing.Contains(row.Indicator.Code))
            {
                fresh[i] = row;   // what is typed stays, over the target it was typed on (a save is checked against that)
                if (changed)
                {
                    row.Problem = $"此目标刚被他人改为{Describe(stored?.Comparator, stored?.Value, row.Indicator)}（见修改记录）；您填写的仍在，保存时会再确认。";
                }
            }
            else if (changed)
            {
                updated.Add(row.Indicator.Id);
            }
        }
        (rows, history) = (fresh, freshHistory);
        Live.Updated(updated);
        StateHasChanged();
    }

    private string? RowClass(TargetRow row) => Live.ClassOf(row.Indicator.Id, row.IsChanged);

    /// <summary>Brings back what was typed before the page reloaded, but not over a target someone changed meanwhile.</summary>
    protected override async Task RestoreAsync(Draft draft)
    {
        var key = DraftKey;
        var restored = 0;
        var skipped = 0;
        foreach (var row in rows)
        {
            if (!draft.Rows.TryGetValue(row.Indicator.Code, out var typed)) continue;
            if (typed.Version != row.Version)
            {
                skipped++;   // changed by someone else meanwhile: theirs stands, shown in the history below
                continue;
            }
            if (typed.Fields.TryGetValue("comparator", out var comparator) && Enum.TryParse<Comparator>(comparator, out var c) && Enum.IsDefined(c)) row.Comparator = c;
            if (typed.Fields.TryGetValue("value", out var value)) row.ValueText = value;
            if (row.IsChanged) restored++;
        }
        if (restored + skipped == 0)
        {
            await Drafts.ClearAsync(table, key);
            return;
        }
        Say($"这里有您上次未保存的 {restored} 项目标（页面重新加载前保存在本浏览器中），已恢复，尚未保存：请检查后点击“保存目标”。"
            + (skipped > 0 ? $"另有 {skipped} 项在此期间已被他人修改，未恢复（见下方修改记录）。" : ""), error: false);
    }

    // Never disabled for want of changes (see the grid): a value typed and the button clicked at once arrives as the
    // box's change, then the click.
    private async Task SaveAsync()
    {
        if (!HasChanges)
        {
            Say("没有需要保存的修改。", error: false);
            return;
        }
        var changes = new List<TargetSave>();
        foreach (var row in rows)
        {
            row.Problem = null;
            if (!row.IsChanged) continue;
            var text = row.ValueText.Trim();
            if (text.Length == 0)
            {
                changes.Add(new TargetSave(row.Indicator.Id, row.Comparator, null, TargetState.Of(row.Original)));
            }
            else if (FigureInput.Parse(text, row.Indicator) is { } typed)
            {
                // Typed as the grid takes a figure (５０件, 95%); a target is a plain number, whatever words came with it.
                row.ValueText = Number(typed.Value);
                row.Problem = FigureValidator.ValueProblem(row.Indicator, typed.Value);
                changes.Add(new TargetSave(row.Indicator.Id, row.Comparator, typed.Value, TargetState.Of(row.Original)));
            }
            else
            {
                row.Problem = "请输入数字（如 60、98.5）。";
            }
        }
        if (rows.Any(r => r.Problem is not null))
        {
            Say("有目标值填写不正确，未保存。", error: true);
            return;
        }
        if (await SetAsync(changes) is { } saved)
        {
            await Drafts.ClearAsync(table, DraftKey);
            Say($"已保存 {saved} 项目标。", error: false);
        }
    }

    /// <summary>Brings a target back to what it was before a change — itself a change, recorded like any other.</summary>
    private async Task RevertAsync(TargetChange change)
    {
        // Over the target as this screen shows it: one changed meanwhile by someone else is not overwritten.
        var shown = rows.FirstOrDefault(r => r.Indicator.Id == change.IndicatorId) is { } row
            ? TargetState.Of(row.Original)
            : TargetState.Of(change.NewComparator, change.NewValue);
        var restore = new TargetSave(change.IndicatorId, change.OldComparator ?? Comparator.GreaterOrEqual, change.OldComparator is null ? null : change.OldValue, shown);
        if (await SetAsync([restore]) is not null)
        {
            Say($"已将“{indicators.GetValueOrDefault(change.IndicatorId)?.Name}”的目标恢复为{Describe(change.OldComparator, change.OldValue, indicators.GetValueOrDefault(change.IndicatorId))}。", error: false);
        }
        else if (rows.FirstOrDefault(r => r.Indicator.Id == change.IndicatorId)?.Problem is { } problem)
        {
            Say("未能恢复：" + problem, error: true);
        }
    }

    /// <summary>Saves as the circuit's user; the number saved, or null (with the problems shown) when nothing was.</summary>
    private async Task<int?> SetAsync(IReadOnlyList<TargetSave> changes)
    {
        var actor = await ActorNowAsync();
        try
        {
            var problems = await Commands.SetTargetsAsync(Organization!.Id, Year, changes, actor);
            if (problems.Count > 0)
            {
                // What is stored now (someone else's change, if that was the problem) is shown with its history; what
                // this editor typed stays in its row, to be saved over it once looked at.
                var typed = rows.Where(r => r.IsChanged).ToDictionary(r => r.Indicator.Id);
                await LoadAsync();
                foreach (var row in rows)
                {
                    if (typed.TryGetValue(row.Indicator.Id, out var mine))
                    {
                        (row.Comparator, row.ValueText) = (mine.Comparator, mine.ValueText);
                    }
                    row.Problem = problems.GetValueOrDefault(row.Indicator.Id);
                }
                Say("有目标未能保存（见各行说明），本次未保存任何目标；您填写的仍在，核对后再点“保存目标”。", error: true);
                return null;
            }
        }
        catch (AccessDeniedException e)
        {
            Say(e.Message, error: true);
            return null;
        }
        await LoadAsync();
        return changes.Count;
    }
}
