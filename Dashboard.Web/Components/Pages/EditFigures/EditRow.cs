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

    /// <summary>What is wrong with the row, from the form or from the server's rules.</summary>
    public string? Problem { get; set; }

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
        Problem = null;
        Conflict = null;
    }

    /// <summary>The change to send, or null when there is none; sets <see cref="Problem"/> when the value is not a number.</summary>
    public FigureSave? ToSave(long organizationId, int year)
    {
        Problem = null;
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
        if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            Problem = "请输入数字（如 811 或 99.5）。";
            return null;
        }
        return common with { Value = value };
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
