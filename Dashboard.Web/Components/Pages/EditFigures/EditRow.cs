using System.Globalization;
using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Web.Components.Drafts;

namespace Dashboard.Web.Components.Pages.EditFigures;

/// <summary>One indicator's line of the data-entry grid: what is stored, and what the editor has typed.</summary>
public sealed class EditRow
{
    public EditRow(Indicator indicator, Figure? original)
    {
        Indicator = indicator;
        Reset(original);
    }

    public Indicator Indicator { get; }

    /// <summary>The stored figure this row started from (null: none yet).</summary>
    public Figure? Original { get; private set; }

    /// <summary>
    /// The version of the figure the editor's values were typed over (null: there was none): the figure's own, unless
    /// the values were restored from the browser after a reload and the figure changed meanwhile.
    /// </summary>
    public long? ExpectedVersion { get; private set; }

    public string ValueText { get; set; } = "";
    public Qualifier Qualifier { get; set; }
    public FigureStatus Status { get; set; }
    public string Note { get; set; } = "";
    public string Reason { get; set; } = "";

    /// <summary>Everything wrong with the row, from the form and from the server's rules, all at once.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>Someone else changed this figure since it was loaded.</summary>
    public FigureConflict? Conflict { get; set; }

    public bool IsDirty => Original is null
        ? ValueText.Trim().Length > 0
        : ValueText.Trim() != Number(Original.Value) || Qualifier != Original.Qualifier || Status != Original.Status || Note != Original.Note;

    public void Reset(Figure? original)
    {
        Original = original;
        ExpectedVersion = original?.Version;
        ValueText = original is null ? "" : Number(original.Value);
        Qualifier = original?.Qualifier ?? Qualifier.Exact;
        Status = original?.Status ?? FigureStatus.Provisional;
        Note = original?.Note ?? "";
        Reason = "";
        Problems.Clear();
        Conflict = null;
    }

    /// <summary>
    /// What was typed into the value box, understood: full-width digits and group separators are read as numbers, and
    /// a figure typed as the report writes it (23000余, 50场以上, 约50) sets the 写法 from its words. The box then shows
    /// the plain number, so the clerk sees how it was read.
    /// </summary>
    public void Type(string typed)
    {
        ValueText = typed;
        if (FigureInput.Parse(typed, Indicator) is { } figure)
        {
            ValueText = Number(figure.Value);
            if (figure.Qualifier is { } qualifier) Qualifier = qualifier;
        }
    }

    /// <summary>The change to send, or null when there is none; adds to <see cref="Problems"/> when the value is no figure.</summary>
    public FigureSave? ToSave(long organizationId, int year)
    {
        Problems.Clear();
        if (!IsDirty)
        {
            return null;
        }
        var text = ValueText.Trim();
        var common = new FigureSave
        {
            OrganizationId = organizationId, IndicatorId = Indicator.Id, Year = year,
            Qualifier = Qualifier, Status = Status, Note = Note.Trim(), Reason = Reason.Trim(),
            SourceText = Original?.SourceText ?? "", ExpectedVersion = ExpectedVersion,
        };
        if (text.Length == 0)
        {
            return common with { Remove = true, Value = 0 };
        }
        if (FigureInput.Parse(text, Indicator) is not { } figure)
        {
            Problems.Add(FigureInput.HintFor(Indicator));
            return null;
        }
        return common with { Value = figure.Value, Qualifier = figure.Qualifier ?? Qualifier };
    }

    /// <summary>
    /// Puts back what the editor had typed before the page reloaded (kept in the browser), over the version it was typed
    /// on. Returns false when nothing differs from what is stored.
    /// </summary>
    public bool Restore(DraftRow draft)
    {
        string Field(string name, string current) => draft.Fields.TryGetValue(name, out var value) ? value : current;
        ValueText = Field("value", ValueText);
        if (Enum.TryParse<Qualifier>(Field("qualifier", ""), out var qualifier) && Enum.IsDefined(qualifier)) Qualifier = qualifier;
        if (Enum.TryParse<FigureStatus>(Field("status", ""), out var status) && Enum.IsDefined(status)) Status = status;
        Note = Field("note", Note);
        Reason = Field("reason", Reason);
        ExpectedVersion = long.TryParse(draft.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : null;
        return IsDirty;
    }

    /// <summary>The stored figure changed since the values were typed (a restored row): the editor must choose.</summary>
    public bool IsStale => ExpectedVersion != Original?.Version;

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
