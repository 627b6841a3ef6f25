#:project ../../Dashboard.Data/Dashboard.Data.csproj
#:property ManagePackageVersionsCentrally=false
#:property TreatWarningsAsErrors=false
#:property PublishAot=false

// Saves one figure every few seconds for a while, through FigureCommands (validation, history row), from its own
// process as an import would — the running app sees each save and every open screen updates. Used by
// soak-deck.sh so that a long soak also exercises live updates.
// Usage: dotnet run soak-saves.cs DATABASE_PATH [every-seconds] [minutes]
using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Users;

var db = new DashboardDb(args[0]);
var every = TimeSpan.FromSeconds(args.Length > 1 ? double.Parse(args[1]) : 30);
var until = DateTimeOffset.UtcNow.AddMinutes(args.Length > 2 ? double.Parse(args[2]) : 60);

var catalog = new CatalogQueries(db);
var organization = (await catalog.GetOrganizationAsync("luoxing"))!;
// A figure of 公共安全: every open deck recomputes its slides on each save.
var indicator = (await catalog.GetIndicatorAsync("registered_mental_patients"))!;
var commands = new FigureCommands(db, TimeProvider.System);
var editor = Actor.System("soak");
var saves = 0;
while (DateTimeOffset.UtcNow < until)
{
    var current = (await new FigureQueries(db).GetFiguresAsync(organization.Id, 2024, Reader.System("测量")))
        .Single(f => f.IndicatorId == indicator.Id);
    await commands.SaveAsync(new FigureSave
    {
        OrganizationId = organization.Id, IndicatorId = indicator.Id, Year = 2024, Value = 1000 + saves % 50,
        Qualifier = Qualifier.Exact, Status = current.Status, SourceText = current.SourceText, Note = current.Note,
        ExpectedVersion = current.Version, Reason = "soak",
    }, editor);
    saves++;
    await Task.Delay(every);
}
Console.WriteLine($"soak-saves: {saves} saves");
