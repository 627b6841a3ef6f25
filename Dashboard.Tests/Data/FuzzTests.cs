using System.Text;
using System.Text.Json;
using Dapper;
using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Reports;
using Dashboard.Data.Seeding;
using Dashboard.Data.Targets;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Dashboard.Web.Components.Pages.EditFigures;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;
using static Dashboard.Tests.Support.Actors;

namespace Dashboard.Tests.Data;

/// <summary>
/// Bad input, thrown in bulk (docs/measuring.md#proofs): over 10,000 malformed inputs at every write path the forms and
/// the import use — each one refused with a message in Chinese, none throwing anything but a refusal, and the database
/// byte-for-byte as it was (no partial writes). The generator is seeded: a failure names its seed and input, and
/// <c>FUZZ_SEED=n dotnet test --filter FuzzTests</c> replays it. (The HTTP side — sign-in posts, query strings, other
/// users' open screens — is <c>Http/HttpFuzzTests</c>.)
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    /// <summary>The same tests on PostgreSQL.</summary>
    public sealed class OnPostgres(ITestOutputHelper output) : FuzzTests(output), IOnPostgres
    {
        protected override DatabaseEngine Engine => DatabaseEngine.Postgres;
    }

    protected virtual DatabaseEngine Engine => DatabaseEngine.Sqlite;

    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), out var seed) ? seed : Environment.TickCount;

    /// <summary>One megabyte of text (UTF-8), shared: the forms' text fields get it whole.</summary>
    private static readonly string Megabyte = new('法', 1024 * 1024 / 3 + 1);

    private static readonly string[] ControlTexts = ["\0", "a\u0007b", "\u001b[31m红\u001b[0m", "行\u0085尾", "\u0001\u0002\u0003", "\u007f", "名\u0000字"];

    private static readonly string[] Junk =
    [
        "", " ", "abc", "NaN", "Infinity", "-Infinity", "1e309", "0x1F", "1,2,3", "１２３", "١٢٣", "十二", "12余", "--5",
        "'; DROP TABLE figures; --", "<script>alert(1)</script>", "\ud800", "💥", "9".PadLeft(400, '9'), "1.2.3", "½",
    ];

    private Random NewRandom()
    {
        output.WriteLine($"FUZZ_SEED={Seed}");
        return new Random(Seed);
    }

    [EngineFact]
    public async Task MalformedFigureSavesAreRefusedWithAMessageAndWriteNothing()
    {
        await using var database = await TempDatabase.CreateSeededAsync(Engine);
        var random = NewRandom();
        var commands = new FigureCommands(database.Db, TimeProvider.System);
        var indicators = (await new CatalogQueries(database.Db).GetIndicatorsAsync()).ToDictionary(i => i.Id);
        var figures = (await new FigureQueries(database.Db).GetFiguresAsync(1, 2024, Reader.System("测试"))).ToList();
        var viewer = await Actors.SignInAsync(database.Db, "fuzz-viewer", Role.Viewer);
        var before = await FingerprintAsync(database.Db);

        const int Inputs = 6000;
        for (var i = 0; i < Inputs; i++)
        {
            var figure = figures[random.Next(figures.Count)];
            var indicator = indicators[figure.IndicatorId];
            var valid = new FigureSave
            {
                OrganizationId = figure.OrganizationId, IndicatorId = figure.IndicatorId, Year = 2024, Value = figure.Value,
                Qualifier = figure.Qualifier, Status = figure.Status, SourceText = figure.SourceText, Note = figure.Note,
                ExpectedVersion = figure.Version, Reason = "核对",
            };
            var kind = random.Next(13);
            var save = kind == 12 ? valid : Break(valid, indicator, kind, random);
            var actor = kind == 12 ? (random.Next(2) == 0 ? viewer : Actor.Anonymous) : Writer("fuzz");
            // One in five goes with a valid change to another figure in the same batch: all or nothing.
            var other = figures[(figures.IndexOf(figure) + 1) % figures.Count];
            IReadOnlyList<FigureSave> batch = random.Next(5) == 0
                ? [new FigureSave { OrganizationId = 1, IndicatorId = other.IndicatorId, Year = 2024, Value = 0, Qualifier = other.Qualifier, Status = other.Status, ExpectedVersion = other.Version, Reason = "核对" }, save]
                : [save];

            var refusal = await RefusalAsync(() => commands.SaveBatchAsync(batch, actor), r => r.Succeeded ? null
                : r.Problems.Count > 0 ? string.Join(" ", r.Problems.Select(p => p.Message))
                : r.Conflicts.Count > 0 ? "数据已被他人修改" // the grid shows the conflict beside the row
                : null);
            AssertRefused(refusal, $"figure input #{i} (kind {kind}): {Describe(save)}");
        }

        Assert.Equal(before, await FingerprintAsync(database.Db));
        output.WriteLine($"{Inputs} malformed figure saves refused; nothing written");
    }

    /// <summary>A save that breaks exactly one rule (which one: <paramref name="kind"/>).</summary>
    private static FigureSave Break(FigureSave save, Indicator indicator, int kind, Random random) => kind switch
    {
        0 => save with { Value = -1 - random.Next() - (decimal)random.NextDouble() },
        1 => save with
        {
            Value = indicator.Kind switch
            {
                IndicatorKind.Rate => random.Next(3) switch { 0 => 100.01m, 1 => 1e20m, _ => 12.345m },
                IndicatorKind.Flag => random.Next(2) == 0 ? 2 + random.Next() : 0.5m,
                _ => random.Next(3) switch { 0 => FigureValidator.MaxCount + 1 + random.Next(), 1 => decimal.MaxValue, _ => 1.5m },
            },
        },
        2 => save with { Qualifier = (Qualifier)(random.Next(2) == 0 ? random.Next(5, int.MaxValue) : -random.Next(1, int.MaxValue)) },
        3 => save with { Status = random.Next(2) == 0 ? FigureStatus.Sample : (FigureStatus)random.Next(3, int.MaxValue) },
        4 => random.Next(3) switch
        {
            0 => save with { Note = Megabyte },
            1 => save with { Reason = Megabyte },
            _ => save with { SourceText = Megabyte },
        },
        5 => random.Next(2) == 0 ? save with { Note = ControlTexts[random.Next(ControlTexts.Length)] } : save with { Reason = ControlTexts[random.Next(ControlTexts.Length)] },
        6 => save with { Year = random.Next(2) == 0 ? random.Next(int.MinValue, 1949) : random.Next(2201, int.MaxValue) },
        7 => save with { OrganizationId = random.Next(2) == 0 ? random.NextInt64(2, long.MaxValue) : -random.NextInt64(0, long.MaxValue) },
        8 => save with { IndicatorId = random.Next(2) == 0 ? random.NextInt64(10_000, long.MaxValue) : -random.NextInt64(0, long.MaxValue) },
        9 => save with { ExpectedVersion = random.Next(3) == 0 ? null : save.ExpectedVersion + 1 + random.Next() },
        10 => save with { Value = indicator.Kind == IndicatorKind.Flag ? 1 - save.Value : save.Value == 0 ? 1 : save.Value - 1, Reason = random.Next(2) == 0 ? "" : " \t " },
        _ => save with { Remove = true, Reason = "", ExpectedVersion = save.ExpectedVersion }, // removing a published figure needs a reason
    };

    [EngineFact]
    public async Task MalformedReportsTargetsAndAccountsAreRefusedWithAMessageAndWriteNothing()
    {
        await using var database = await TempDatabase.CreateSeededAsync(Engine);
        var random = NewRandom();
        var reports = new ReportCommands(database.Db, TimeProvider.System);
        var targets = new TargetCommands(database.Db, TimeProvider.System);
        var accounts = new AccountService(new UserQueries(database.Db), new UserCommands(database.Db, TimeProvider.System), new SessionStore(database.Db, TimeProvider.System),
            new SignInThrottle(database.Db), new PasswordHasher<User>(), Options.Create(new SecurityOptions()), new CatalogQueries(database.Db), TimeProvider.System, NullLogger<AccountService>.Instance);
        var viewer = await Actors.SignInAsync(database.Db, "fuzz-viewer", Role.Viewer);
        var admin = await Actors.SignInAsync(database.Db, "fuzz-admin", Role.Admin);
        var report = (await new ReportQueries(database.Db).GetReportAsync(1, 2024, Reader.System("测试")))!;
        var indicators = await new CatalogQueries(database.Db).GetIndicatorsAsync();
        var before = await FingerprintAsync(database.Db);

        const int Reports = 1500, Targets = 1000, Accounts = 1000;
        for (var i = 0; i < Reports; i++)
        {
            var valid = new ReportSave
            {
                OrganizationId = 1, Year = 2024, Title = report.Title, Published = report.Published ?? "", Body = report.Body,
                PersonalNames = report.PersonalNames, ExpectedUpdatedAt = report.UpdatedAt,
            };
            var kind = random.Next(11);
            var save = kind switch
            {
                0 => valid with { Title = random.Next(2) == 0 ? "" : " \t\n" },
                1 => valid with { Title = Megabyte[..(ReportCommands.MaxTitleLength + 1 + random.Next(1000))] },
                2 => valid with { Body = Megabyte },
                3 => valid with { Published = Junk[random.Next(2, Junk.Length)] },
                4 => valid with { Year = random.Next(2) == 0 ? random.Next(int.MinValue, 1949) : random.Next(2201, int.MaxValue) },
                5 => valid with { Title = report.Title + ControlTexts[random.Next(ControlTexts.Length)] },
                6 => valid with { Body = report.Body + ControlTexts[random.Next(ControlTexts.Length)] },
                7 => valid with { PersonalNames = random.Next(2) == 0 ? "任" : "任建新、" + new string('陈', 11 + random.Next(50)) },
                8 => valid with { OrganizationId = random.NextInt64(2, long.MaxValue) },
                9 => valid with { ExpectedUpdatedAt = report.UpdatedAt.AddSeconds(-1 - random.Next()) },
                _ => valid,
            };
            var actor = kind == 10 ? viewer : Writer("fuzz");
            var refusal = await RefusalAsync(() => reports.SaveAsync(save, actor), r => r.Succeeded ? null
                : r.Problems.Count > 0 ? string.Join(" ", r.Problems)
                : r.Conflict is not null ? "报告已被他人修改" : null);
            AssertRefused(refusal, $"report input #{i} (kind {kind})");
        }

        for (var i = 0; i < Targets; i++)
        {
            var indicator = indicators[random.Next(indicators.Count)];
            var kind = random.Next(6);
            var (organization, year, target) = kind switch
            {
                0 => (random.NextInt64(2, long.MaxValue), 2025, new TargetSave(indicator.Id, Comparator.GreaterOrEqual, 1, null)),
                1 => (1L, 2025, new TargetSave(random.NextInt64(10_000, long.MaxValue), Comparator.GreaterOrEqual, 1, null)),
                2 => (1L, random.Next(2) == 0 ? random.Next(int.MinValue, 1949) : random.Next(2201, int.MaxValue), new TargetSave(indicator.Id, Comparator.Equal, 1, null)),
                3 => (1L, 2025, new TargetSave(indicator.Id, (Comparator)random.Next(3, int.MaxValue), 1, null)),
                4 => (1L, 2025, new TargetSave(indicator.Id, Comparator.LessOrEqual, -1 - random.Next(), null)),
                _ => (1L, 2025, new TargetSave(indicator.Id, Comparator.GreaterOrEqual, indicator.Kind switch
                {
                    IndicatorKind.Rate => 100.5m,
                    IndicatorKind.Flag => 3,
                    _ => decimal.MaxValue,
                }, null)),
            };
            var refusal = await RefusalAsync(() => targets.SetTargetsAsync(organization, year, [target], Writer("fuzz")),
                problems => problems.Count == 0 ? null : string.Join(" ", problems.Values));
            AssertRefused(refusal, $"target input #{i} (kind {kind})");
        }

        for (var i = 0; i < Accounts; i++)
        {
            var kind = random.Next(6);
            var (name, password) = kind switch
            {
                0 => (random.Next(2) == 0 ? "" : "   ", "a-good-password-1"),
                1 => ("user" + ControlTexts[random.Next(ControlTexts.Length)], "a-good-password-1"),
                2 => ("zhang san", "a-good-password-1"),
                3 => (new string('u', 65 + random.Next(1000)), "a-good-password-1"),
                4 => ($"fuzz{i}", new string('p', random.Next(0, SecurityOptions.MinimumPasswordLength))),
                _ => ($"fuzz{i}", random.Next(2) == 0 ? Megabyte : new string('p', 257)),
            };
            var refusal = await RefusalAsync(async () => { await accounts.CreateUserAsync(name, Role.Editor, password, admin); return 0; }, _ => null);
            AssertRefused(refusal, $"account input #{i} (kind {kind})");
        }

        Assert.Equal(before, await FingerprintAsync(database.Db));
        output.WriteLine($"{Reports} reports, {Targets} targets, {Accounts} accounts refused; nothing written");
    }

    [EngineFact]
    public void TypedValuesNeverBreakTheGridOrTheReportsFigureReader()
    {
        var random = NewRandom();
        var indicator = new Indicator { Id = 1, Code = "disputes", CategoryCode = "c", Name = "矛盾纠纷", NameEn = "disputes", Description = "", Unit = "件", Kind = IndicatorKind.Count };
        const int Inputs = 1500;
        for (var i = 0; i < Inputs; i++)
        {
            var text = random.Next(3) switch
            {
                0 => Junk[random.Next(Junk.Length)],
                1 => RandomText(random, random.Next(1, 40)),
                _ => random.Next(2) == 0 ? Megabyte : ControlTexts[random.Next(ControlTexts.Length)] + Junk[random.Next(Junk.Length)],
            };
            var row = new EditRow(indicator, null);
            row.Type(text);

            var save = row.ToSave(1, 2024);

            // Blank is "nothing typed" (no change); anything else is a change to send or a problem to show.
            Assert.True(string.IsNullOrWhiteSpace(text) || save is not null || (row.Problems is [var problem, ..] && HasChinese(problem)), $"typed value #{i}: {Shorten(text)}");
            _ = FigureText.ParseStated(text); // must not throw, whatever it finds
            _ = FigureInput.Parse(text, indicator);
        }
        output.WriteLine($"{Inputs} typed values handled");
    }

    [EngineFact]
    public async Task AMalformedImportIsRefusedWithAMessageAndWritesNothing()
    {
        await using var database = await TempDatabase.CreateSeededAsync(Engine);
        var random = NewRandom();
        var before = await FingerprintAsync(database.Db);
        var lines = await File.ReadAllLinesAsync(Path.Combine(SeedFolder.Path, "figures.csv"));
        var work = Directory.CreateTempSubdirectory("dashboard-fuzz-seed-").FullName;
        try
        {
            CopyFolder(SeedFolder.Path, work);
            const int Inputs = 400;
            for (var i = 0; i < Inputs; i++)
            {
                // One figure line broken in one field: year, indicator, value or qualifier — or its shape.
                var line = 1 + random.Next(lines.Length - 1);
                var fields = lines[line].Split(',');
                var kind = random.Next(6);
                switch (kind)
                {
                    case 0: fields[1] = Junk[random.Next(Junk.Length)].Replace(",", "，"); break;
                    case 1: fields[2] = "no_such_indicator_" + random.Next(); break;
                    case 2: fields[3] = random.Next(2) == 0 ? "-" + (1 + random.Next()) : Junk[random.Next(2, Junk.Length)].Replace(",", "，"); break;
                    case 3: fields[4] = Junk[random.Next(Junk.Length)].Replace(",", "，") + "x"; break;
                    case 4: fields = fields[..3]; break;
                    default: fields[0] = "no_such_org_" + random.Next(); break;
                }
                var broken = lines.ToArray();
                broken[line] = string.Join(',', fields);
                // Lone surrogates become U+FFFD, as any editor saving the file would write them.
                await File.WriteAllLinesAsync(Path.Combine(work, "figures.csv"), broken, new UTF8Encoding(false));

                var refusal = await RefusalAsync(async () =>
                {
                    await new Seeder(database.Db, TimeProvider.System).SeedAsync(SeedData.Load(work));
                    return 0;
                }, _ => null);
                AssertRefused(refusal, $"import input #{i} (kind {kind}): {broken[line]}");
            }
            Assert.Equal(before, await FingerprintAsync(database.Db));
            output.WriteLine($"{Inputs} malformed imports refused; nothing written");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// The refusal's message: from the result (<paramref name="message"/>) or from the exception a refusal is — a
    /// rule (<see cref="ArgumentException"/>), a role (<see cref="AccessDeniedException"/>) or bad import data
    /// (<see cref="SeedDataException"/>). Null when the input was accepted. Any other exception fails the test.
    /// </summary>
    private static async Task<string?> RefusalAsync<T>(Func<Task<T>> action, Func<T, string?> message)
    {
        try
        {
            return message(await action());
        }
        catch (Exception e) when (e is ArgumentException or AccessDeniedException or SeedDataException)
        {
            return e.Message;
        }
    }

    private static void AssertRefused(string? refusal, string input)
    {
        Assert.True(refusal is not null, $"accepted: {input}");
        Assert.True(HasChinese(refusal), $"refused without a message in Chinese ({Shorten(refusal)}): {input}");
    }

    private static bool HasChinese(string text) => text.Any(c => c is >= '\u4e00' and <= '\u9fff');

    /// <summary>Every row of every table the forms write, as text: equal before and after means nothing was written.</summary>
    private static async Task<string> FingerprintAsync(DashboardDb db)
    {
        await using var connection = await db.OpenAsync();
        var text = new StringBuilder();
        foreach (var table in new[] { "organizations", "indicators", "figures", "figure_history", "reports", "targets", "users" })
        {
            var rows = await connection.QueryAsync($"SELECT * FROM {table} ORDER BY id");
            text.Append(table).Append(JsonSerializer.Serialize(rows)).Append('\n');
        }
        return text.ToString();
    }

    private static string RandomText(Random random, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = (char)random.Next(0, 0xFFFF);
        }
        return new string(chars);
    }

    private static string Describe(FigureSave save) =>
        $"org {save.OrganizationId}, indicator {save.IndicatorId}, year {save.Year}, value {save.Value}, qualifier {(int)save.Qualifier}, status {(int)save.Status}, " +
        $"version {save.ExpectedVersion}, remove {save.Remove}, note {Shorten(save.Note)}, reason {Shorten(save.Reason)}";

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + $"…({text.Length})" : text;

    private static void CopyFolder(string from, string to)
    {
        foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(directory.Replace(from, to));
        }
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(from, to), overwrite: true);
        }
    }
}
