using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;

namespace Dashboard.Tests.Support;

/// <summary>Catalog records and year summaries for component tests, without a database.</summary>
public static class Indicators
{
    public static Indicator Make(string code, IndicatorKind kind = IndicatorKind.Count, string unit = "件",
        Direction direction = Direction.Neutral, string name = "指标", string? parent = null, string? chart = null, int id = 0) => new()
    {
        Id = id == 0 ? Math.Abs(code.GetHashCode() % 100000) + 1 : id,
        Code = code, CategoryCode = "test", Name = name, NameEn = code, Unit = unit, Kind = kind, Direction = direction,
        Description = "", ParentCode = parent, ParentId = parent is null ? null : Math.Abs(parent.GetHashCode() % 100000) + 1, Chart = chart,
    };

    public static FigureValue Value(decimal value, Qualifier qualifier = Qualifier.Exact, FigureStatus status = FigureStatus.Published) =>
        new() { Value = value, Qualifier = qualifier, Status = status };

    public static YearSummaryRow Row(Indicator indicator, FigureValue? current, FigureValue? previous, int year = 2024) =>
        new(indicator, year, current, previous, YearChange.Between(indicator.Kind, current, previous));
}
