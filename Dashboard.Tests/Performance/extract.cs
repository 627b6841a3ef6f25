#:project ../../Dashboard.Data/Dashboard.Data.csproj
#:property ManagePackageVersionsCentrally=false
#:property TreatWarningsAsErrors=false
#:property PublishAot=false

// The report extractor's speed (budget: proposals for a 10,000-character report ≤ 100 ms). The text is the
// corpus documents and the seed report joined until 10,000 (and 30,000) characters; the catalog is the seed's.
// Usage, from the repository root: dotnet run -c Release Dashboard.Tests/Performance/extract.cs
using System.Diagnostics;
using Dashboard.Data.Catalog;
using Dashboard.Data.Import;
using Dashboard.Data.Seeding;

var seed = SeedData.Load("seed-data");
var catalog = seed.Indicators.Select((i, n) => new Indicator
{
    Id = n + 1, Code = i.Code, CategoryCode = i.CategoryCode, Name = i.Name, NameEn = i.NameEn, Unit = i.Unit, Kind = i.Kind,
    Direction = i.Direction, Description = i.Description, Aliases = i.Aliases,
}).ToList();
var texts = Directory.GetFiles("Dashboard.Tests/ImportCorpus/reports", "*.md").Order().Select(File.ReadAllText)
    .Prepend(File.ReadAllText("seed-data/reports/luoxing-2024.md")).ToList();
foreach (var length in new[] { 10_000, 30_000 })
{
    var text = string.Concat(Enumerable.Repeat(string.Join("\n\n", texts), 10))[..length];
    FigureExtractor.Extract(text, catalog);   // warm
    var times = new List<double>();
    var count = 0;
    for (var run = 0; run < 50; run++)
    {
        var clock = Stopwatch.StartNew();
        count = FigureExtractor.Extract(text, catalog).Count;
        times.Add(clock.Elapsed.TotalMilliseconds);
    }
    times.Sort();
    Console.WriteLine($"{length:N0} characters, {count} figures proposed: median {times[25]:0.0} ms, p95 {times[47]:0.0} ms, max {times[^1]:0.0} ms (budget 100 ms for 10,000)");
}
