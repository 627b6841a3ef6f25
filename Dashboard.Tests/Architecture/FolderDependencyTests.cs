using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using Dashboard.Data;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace Dashboard.Tests.Architecture;

/// <summary>
/// The folders of the app depend on each other one way, checked on the compiled code (method bodies included):
/// Hosting wires everything up → Components (pages) → Views (what a screen shows, and the live changes) → Security →
/// Dashboard.Data. A reference against that direction, or any cycle between folders, fails here with the types named.
/// </summary>
public class FolderDependencyTests
{
    private static readonly ArchUnitNET.Domain.Architecture App =
        new ArchLoader().LoadAssemblies(typeof(Program).Assembly, typeof(DashboardDb).Assembly).Build();

    /// <summary>Each folder with the folders above it: none of them may be used from it.</summary>
    public static TheoryData<string, string[]> Layers => new()
    {
        { "Dashboard.Web.Components", ["Dashboard.Web.Hosting"] },
        { "Dashboard.Web.Views", ["Dashboard.Web.Hosting", "Dashboard.Web.Components"] },
        { "Dashboard.Web.Security", ["Dashboard.Web.Hosting", "Dashboard.Web.Components", "Dashboard.Web.Views"] },
        { "Dashboard.Data", ["Dashboard.Web"] },
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void AFolderNeverUsesTheFoldersAboveIt(string folder, string[] above)
    {
        foreach (var upper in above)
        {
            Types().That().ResideInNamespaceMatching($@"^{folder.Replace(".", @"\.")}(\..+)?$")
                .Should().NotDependOnAny(Types().That().ResideInNamespaceMatching($@"^{upper.Replace(".", @"\.")}(\..+)?$"))
                .Because($"{folder} is below {upper}")
                .Check(App);
        }
    }

    /// <summary>
    /// Between the app's folders (Components with everything under it counts as one), no cycle of any length — a
    /// new folder included, whatever layer it is meant to be in.
    /// </summary>
    [Fact]
    public void NoFoldersOfTheAppDependOnEachOtherInACycle() => AssertNoCycle("Dashboard.Web");

    /// <summary>
    /// The same between the data layer's folders, but for one pair that belongs together: who may do something is
    /// decided per organization (an <c>Actor</c> covers an <c>Organization</c>), and the catalog's commands demand an actor.
    /// </summary>
    [Fact]
    public void NoFoldersOfTheDataLayerDependOnEachOtherInACycle() => AssertNoCycle("Dashboard.Data", ("Users", "Catalog"));

    private static void AssertNoCycle(string root, params (string, string)[] together)
    {
        string? Folder(IType type)
        {
            var name = type.Namespace?.FullName ?? "";
            if (!name.StartsWith(root + ".", StringComparison.Ordinal)) return null;
            var folder = name[(root.Length + 1)..].Split('.')[0];
            return together.FirstOrDefault(t => t.Item2 == folder).Item1 ?? folder;
        }
        var uses = App.Types
            .SelectMany(type => type.Dependencies.Select(d => (From: Folder(type), To: Folder(d.Target), Why: $"{type.FullName} → {d.Target.FullName}")))
            .Where(d => d.From is not null && d.To is not null && d.From != d.To)
            .GroupBy(d => (From: d.From!, To: d.To!))
            .ToDictionary(g => g.Key, g => g.First().Why);

        // A folder that can reach itself through others is in a cycle: the path names the references that close it.
        foreach (var start in uses.Keys.Select(k => k.From).Distinct())
        {
            var paths = new Dictionary<string, List<string>> { [start] = [] };
            var queue = new Queue<string>([start]);
            while (queue.Count > 0)
            {
                var at = queue.Dequeue();
                foreach (var (use, why) in uses.Where(u => u.Key.From == at))
                {
                    Assert.False(use.To == start, $"{root}.{start} depends on itself through other folders:\n" + string.Join("\n", [.. paths[at], why]));
                    if (paths.TryAdd(use.To, [.. paths[at], why])) queue.Enqueue(use.To);
                }
            }
        }
    }
}
