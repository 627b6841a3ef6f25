namespace Dashboard.Web.Components;

/// <summary>Which years the editing pages offer in their year pickers: one rule for all of them.</summary>
public static class YearChoices
{
    /// <summary>How many years back a picker reaches even where nothing is saved yet (a street bringing in its history).</summary>
    public const int YearsBack = 10;

    /// <summary>
    /// Every year with something saved, every year of the last <see cref="YearsBack"/> up to this one (and
    /// <paramref name="ahead"/> more: targets are set for the year to come), and the year chosen, newest first: a clerk
    /// can open any of them from the picker, not only by typing <c>?year=</c>.
    /// </summary>
    public static List<int> Editable(IEnumerable<int> saved, int chosen, int thisYear, int ahead = 0)
    {
        var years = saved.Append(chosen).ToList();
        var first = Math.Min(years.Min(), thisYear - YearsBack);
        var last = Math.Max(years.Max(), thisYear + ahead);
        return [.. Enumerable.Range(first, last - first + 1).Reverse()];
    }
}
