namespace Dashboard.Data;

// The database stores these by name (CHECK constraints list them), and Dapper reads them back by name.
// Dapper writes enum parameters as integers, so commands pass them with ToString().

/// <summary>How a figure is written: 524 exactly, or 524余 ("more than 524"), 50以上, 约50, 近50.</summary>
public enum Qualifier { Exact, MoreThan, AtLeast, About, JustUnder }

/// <summary>Published in an official report; provisional (not yet published); sample data for demonstrations.</summary>
public enum FigureStatus { Published, Provisional, Sample }

/// <summary>A count of activity in a year, a rate in percent, a stock at year end, or yes/no (1/0).</summary>
public enum IndicatorKind { Count, Rate, Stock, Flag }

/// <summary>Which way is good: more lawsuits is not.</summary>
public enum Direction { HigherBetter, LowerBetter, Neutral, TargetZero, TargetFull }

public enum HistoryAction { Insert, Update, Delete }

public enum Comparator { GreaterOrEqual, LessOrEqual, Equal }
