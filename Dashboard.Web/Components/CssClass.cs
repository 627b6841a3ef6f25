using System.Collections.Concurrent;

namespace Dashboard.Web.Components;

/// <summary>
/// A class attribute of up to three parts ("kpi-tile kpi-tile--good is-highlighted"), one shared string per
/// combination: an open screen's render tree keeps the class of every element it shows, and a thousand screens would
/// otherwise keep a thousand copies of each. The parts must come from a small fixed set (constants, a tone, a state
/// such as <c>is-updated-0</c>), never from data: every combination is kept for the life of the process.
/// </summary>
public static class CssClass
{
    private static readonly ConcurrentDictionary<(string, string?, string?), string> Joined = new();

    public static string Of(string first, string? second = null, string? third = null) =>
        Joined.GetOrAdd((first, second, third), static parts =>
            string.Join(' ', new[] { parts.Item1, parts.Item2, parts.Item3 }.Where(part => !string.IsNullOrEmpty(part))));
}
