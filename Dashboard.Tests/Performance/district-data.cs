#:project ../../Dashboard.Data/Dashboard.Data.csproj
#:property ManagePackageVersionsCentrally=false
#:property TreatWarningsAsErrors=false
#:property PublishAot=false

// A district the size a district's page is budgeted for (docs/measuring.md#budgets): 30 streets and towns under one 区,
// 40 indicators (the seed's and more), five years of published figures each (6,000 figures), written into a database
// the app has created and seeded. Used by measure-district.sh. Usage: dotnet run district-data.cs DATABASE_PATH
using Dapper;
using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Users;

var db = new DashboardDb(args[0]);
if (args.Contains("--touch"))
{
    // A change (as a save would make): every open view of the data is loaded afresh.
    await using var touch = await db.OpenAsync();
    await touch.ExecuteAsync("UPDATE figures SET note = note WHERE id = (SELECT min(id) FROM figures)");
    return;
}
var system = Actor.System("measure");
var organizations = new OrganizationCommands(db, TimeProvider.System);
Check(await organizations.AddAsync(new OrganizationSave { Code = "perf", Name = "测量区", Kind = "区" }, system));
for (var n = 1; n <= 30; n++)
{
    Check(await organizations.AddAsync(new OrganizationSave { Code = $"perf{n:00}", Name = $"测量第{n}街道", Kind = n % 3 == 0 ? "镇" : "街道", ParentCode = "perf" }, system));
}
var catalog = new CatalogCommands(db, TimeProvider.System);
var existing = (await new CatalogQueries(db).GetIndicatorsAsync()).Count;
for (var n = existing + 1; n <= 40; n++)
{
    Check(await catalog.AddAsync(new IndicatorSave
    {
        Code = $"extra_{n}", CategoryCode = "legal_publicity", Name = $"附加指标{n}", Unit = "件", Kind = IndicatorKind.Count, Direction = Direction.HigherBetter,
    }, system));
}
var indicators = (await new CatalogQueries(db).GetIndicatorsAsync()).ToList();
var members = (await new CatalogQueries(db).GetOrganizationsAsync()).Where(o => o.Code.StartsWith("perf") && o.Code != "perf").ToList();
await using var connection = await db.OpenAsync();
await using var transaction = await connection.BeginTransactionAsync();
var random = new Random(15);
var now = DateTimeOffset.UtcNow;
foreach (var member in members)
    foreach (var year in Enumerable.Range(2020, 5))
        foreach (var indicator in indicators)
        {
            var value = indicator.Kind switch
            {
                IndicatorKind.Rate => Math.Round(90 + (decimal)random.NextDouble() * 10, 1),
                IndicatorKind.Flag => 1,
                _ => random.Next(0, 900),
            };
            await connection.ExecuteAsync("""
                INSERT INTO figures (organization_id, indicator_id, year, value, qualifier, status, source_text, note, version, updated_at, updated_by)
                VALUES (@o, @i, @year, @value, @qualifier, 'Published', '', '', 1, @now, 'measure')
                """, new { o = member.Id, i = indicator.Id, year, value, qualifier = random.Next(5) == 0 ? "MoreThan" : "Exact", now }, transaction);
        }
await transaction.CommitAsync();
Console.WriteLine($"district-data: {members.Count} organizations × 5 years × {indicators.Count} indicators = {members.Count * 5 * indicators.Count} figures");

static void Check(IReadOnlyList<string> problems)
{
    if (problems.Count > 0) throw new InvalidOperationException(string.Join(" ", problems));
}
