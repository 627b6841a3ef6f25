namespace Dashboard.Data;

/// <summary>The years figures and reports are for, and which one a page opens on: decided here, once.</summary>
public static class YearRules
{
    public const int Earliest = 1949;
    public const int Latest = 2200;

    public static bool IsValid(int year) => year is >= Earliest and <= Latest;

    /// <summary>The year the next annual report covers: last year (a year's report is published by 1 April of the next).</summary>
    public static int Reporting(TimeProvider clock) => clock.GetLocalNow().Year - 1;

    /// <summary>The year a page opens on when the address names none: the latest with something to show, else <see cref="Reporting"/>.</summary>
    public static int Default(IEnumerable<int> available, TimeProvider clock) => available.DefaultIfEmpty(Reporting(clock)).Max();
}
