namespace Dashboard.Web.Views;

/// <summary>A data point of a chart: the series and the index of the point within it (the year).</summary>
public sealed record ChartPoint(int SeriesIndex, int DataPointIndex);
