using Dapper;
using Dashboard.Data;
using Dashboard.Data.Catalog;
using Dashboard.Data.Figures;
using Dashboard.Data.Import;
using Dashboard.Data.Reports;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Data;

/// <summary>
/// Bringing a report in (docs/user-guide.md#bringing-earlier-reports-in-导入报告) on a real database: the proposals for a
/// report's text, and the commit — the text, the figures with their words, new indicators and masked names in one
/// transaction with its history, or nothing.
/// </summary>
public class ReportImportTests : IAsyncLifetime
{
    /// <summary>The same tests on PostgreSQL.</summary>
    public sealed class OnPostgres : ReportImportTests, IOnPostgres
    {
        protected override DatabaseEngine Engine => DatabaseEngine.Postgres;
    }

    protected virtual DatabaseEngine Engine => DatabaseEngine.Sqlite;

    private TempDatabase database = null!;
    private Organization luoxing = null!;
    private Organization chongyi = null!;
    private IReadOnlyList<Indicator> catalog = [];
    private ReportImport import = null!;
    private string body = "";

    public async Task InitializeAsync()
    {
        database = await TempDatabase.CreateSeededAsync(Engine);
        var organizations = new OrganizationCommands(database.Db, TimeProvider.System);
        Assert.Empty(await organizations.AddAsync(new OrganizationSave { Code = "chongyi", Name = "崇义街道", Kind = "街道" }, Actor.System("test")));
        var queries = new CatalogQueries(database.Db);
        luoxing = (await queries.GetOrganizationAsync("luoxing"))!;
        chongyi = (await queries.GetOrganizationAsync("chongyi"))!;
        catalog = await queries.GetIndicatorsAsync();
        import = new ReportImport(database.Db, TimeProvider.System);
        body = ReportFiles.FromText(EarlierReport.Text).Markdown;
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private ImportProposals Propose(IReadOnlyList<Figure>? stored = null) => ReportImport.Propose(body, catalog, stored ?? []);

    /// <summary>What a clerk commits after "accept all sure ones".</summary>
    private ReportImportCommit SureOnes(ImportProposals proposals, Organization? organization = null) => new()
    {
        OrganizationId = (organization ?? luoxing).Id, Year = EarlierReport.Year, Title = "2023年度法治政府建设工作情况报告", Body = body,
        PersonalNames = string.Join("、", proposals.PersonalNames),
        Figures = [.. proposals.Figures.Where(p => p.Accepted).Select(p => new ImportedFigure(p.Figure.Indicator!, p.Figure.Value, p.Figure.Qualifier, p.SourceText, p.Existing?.Version))],
    };

    private async Task<(int Reports, int Figures, int History)> CountAsync(Organization organization)
    {
        await using var connection = await database.Db.OpenAsync();
        return (await connection.QuerySingleAsync<int>("SELECT count(*) FROM reports WHERE organization_id = @Id AND year = 2023", new { organization.Id }),
                await connection.QuerySingleAsync<int>("SELECT count(*) FROM figures WHERE organization_id = @Id AND year = 2023", new { organization.Id }),
                await connection.QuerySingleAsync<int>("SELECT count(*) FROM figure_history WHERE organization_id = @Id AND year = 2023", new { organization.Id }));
    }

    [EngineFact]
    public void TheSureProposalsOfAnEarlierYearAreTheFiguresAClerkWouldEnter()
    {
        var proposals = Propose();

        var taken = proposals.Figures.Where(p => p.Accepted).ToDictionary(p => p.Figure.Indicator!, p => p.Figure.Raw);
        Assert.Equal(EarlierReport.Figures.OrderBy(f => f.Key), taken.OrderBy(f => f.Key));
        // The applicants named in the breakdown are proposed for masking, and their counts are no figures.
        Assert.Equal(["王志强", "刘芳"], proposals.PersonalNames);
        Assert.DoesNotContain(proposals.Figures, p => p.Figure.Raw is "4件" or "1件");
        // Each figure's words occur once in the text and state its own number first (the dashboard marks them).
        Assert.All(proposals.Figures.Where(p => p.Accepted), p =>
        {
            Assert.Equal(body.IndexOf(p.SourceText, StringComparison.Ordinal), body.LastIndexOf(p.SourceText, StringComparison.Ordinal));
            Assert.EndsWith(p.Figure.Raw, p.SourceText);
            if (FigureText.ParseStated(p.SourceText) is { } stated) Assert.Equal(p.Figure.Value, stated.Value);
        });
        Assert.Contains(proposals.Figures, p => p.SourceText == "全年排查调处矛盾纠纷612件");
    }

    [EngineFact]
    public void TheSeedReportIsProposedAsItsTwentyEightFiguresWithItsTwoNames()
    {
        var proposals = ReportImport.Propose(SeedFolder.ReportText, catalog, []);

        Assert.Equal(["任建新", "陈兴"], proposals.PersonalNames);
        // Every seed figure is proposed with its value, qualifier and indicator; what "accept all sure ones" takes is
        // right. One the clerk maps by hand: 制作规定标语15余条 does not say which 标语 (the catalog has two).
        var seed = File.ReadAllLines(Path.Combine(SeedFolder.Path, "figures.csv")).Skip(1).Select(l => l.Split(','))
            .Select(c => $"{c[2]}={decimal.Parse(c[3], System.Globalization.CultureInfo.InvariantCulture)}/{c[4]}").Order().ToList();
        var suggested = proposals.Figures.Select(p => $"{p.Figure.Indicator ?? "legal_outreach_slogans"}={p.Figure.Value}/{p.Figure.Qualifier}").Order().ToList();
        Assert.Equal(28, seed.Count);
        Assert.Equal(seed, suggested);
        var taken = proposals.Figures.Where(p => p.Accepted).Select(p => $"{p.Figure.Indicator}={p.Figure.Value}/{p.Figure.Qualifier}").ToList();
        Assert.Subset(seed.ToHashSet(), taken.ToHashSet());
        Assert.True(taken.Count >= 18, $"{taken.Count} sure");
    }

    [EngineTheory]
    [InlineData("2024年，我街受理行政复议案件7件（任建新6件，陈兴1件）。", "任建新、陈兴")]
    [InlineData("申请人张伟对街道作出的决定不服，申请行政复议。", "张伟")]
    [InlineData("被申请人：李明华，当事人王芳已撤回申请。", "李明华、王芳")]
    [InlineData("行政诉讼案件10件（一审6件，二审4件）。", "")]
    [InlineData("排查矛盾纠纷120件（王家村30件，陈家湾社区12件）。", "")]
    [InlineData("开展宣传12场（安全5场，禁毒7场），发放资料800份。", "")]
    [InlineData("当事人合法权益得到保障。", "")]
    public void PersonalNamesAreProposedWhereReportsNamePeople(string text, string expected)
    {
        Assert.Equal(expected, string.Join("、", PersonalNames.Find(text)));
    }

    [EngineFact]
    public async Task TheCommitStoresTheTextTheFiguresWithTheirWordsAndAHistoryRowEachInOneTransaction()
    {
        var clerk = await Actors.SignInAsync(database.Db, "clerk", Role.Editor, organizationCode: "luoxing");

        var result = await import.CommitAsync(SureOnes(Propose()) with { FileName = "罗星街道2023年报告.docx" }, clerk);

        Assert.True(result.Succeeded, string.Join(" ", result.Problems));
        Assert.Equal(EarlierReport.Figures.Count, result.FiguresSaved);
        var report = (await new ReportQueries(database.Db).GetReportAsync(luoxing.Id, EarlierReport.Year, Reader.System("测试")))!;
        Assert.Equal(body, report.Body);
        Assert.Null(report.Published);
        Assert.Equal("王志强、刘芳", report.PersonalNames);
        var figures = await new FigureQueries(database.Db).GetFiguresAsync(luoxing.Id, EarlierReport.Year, Reader.System("测试"));
        Assert.Equal(EarlierReport.Figures.Count, figures.Count);
        Assert.All(figures, f =>
        {
            Assert.Equal(FigureStatus.Provisional, f.Status);
            Assert.Contains(f.SourceText, report.Body);
            Assert.EndsWith(EarlierReport.Figures[f.IndicatorCode], f.SourceText);
        });
        Assert.Equal((612m, Qualifier.Exact), figures.Single(f => f.IndicatorCode == "disputes_mediated") is var d ? (d.Value, d.Qualifier) : default);
        Assert.Equal((2100m, Qualifier.MoreThan), figures.Single(f => f.IndicatorCode == "legal_outreach_materials") is var m ? (m.Value, m.Qualifier) : default);
        var history = await new FigureQueries(database.Db).GetRecentChangesAsync(luoxing.Id, 100, Reader.System("测试"));
        var imported = history.Where(h => h.Year == EarlierReport.Year).ToList();
        Assert.Equal(EarlierReport.Figures.Count, imported.Count);
        Assert.All(imported, h => Assert.Equal(("clerk", "导入报告 罗星街道2023年报告.docx", HistoryAction.Insert), (h.ChangedBy, h.Reason, h.Action)));
        var versions = await new ReportQueries(database.Db).GetHistoryAsync(luoxing.Id, EarlierReport.Year, Reader.System("测试"));
        Assert.Equal("导入报告 罗星街道2023年报告.docx", Assert.Single(versions).Reason);
    }

    [EngineFact]
    public async Task OneFigureThatBreaksARuleStoresNothingAtAll()
    {
        var clerk = await Actors.SignInAsync(database.Db, "clerk", Role.Editor, organizationCode: "luoxing");
        var commit = SureOnes(Propose());
        // The clerk "corrected" the success rate to 972 (a typo): a rate is at most 100.
        commit = commit with { Figures = [.. commit.Figures.Select(f => f.IndicatorCode == "mediation_success_rate" ? f with { Value = 972 } : f)] };

        var result = await import.CommitAsync(commit, clerk);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Problems, p => p.Contains("调解成功率97.2%"));
        Assert.Equal((0, 0, 0), await CountAsync(luoxing));
    }

    [EngineFact]
    public async Task AClerkOfAnotherStreetCannotImportIntoThisOne()
    {
        var stranger = await Actors.SignInAsync(database.Db, "stranger", Role.Editor, organizationCode: "chongyi");

        await Assert.ThrowsAsync<AccessDeniedException>(() => import.CommitAsync(SureOnes(Propose()), stranger));

        Assert.Equal((0, 0, 0), await CountAsync(luoxing));
        // A viewer of the street itself may not either.
        var viewer = await Actors.SignInAsync(database.Db, "reader", Role.Viewer, organizationCode: "luoxing");
        await Assert.ThrowsAsync<AccessDeniedException>(() => import.CommitAsync(SureOnes(Propose()), viewer));
        Assert.Equal((0, 0, 0), await CountAsync(luoxing));
    }

    [EngineFact]
    public async Task AStoredFigureThatDiffersIsNeverOverwrittenUnlessTheEditorChoseToReplaceIt()
    {
        var clerk = await Actors.SignInAsync(database.Db, "clerk", Role.Editor, organizationCode: "luoxing");
        var petitions = catalog.Single(i => i.Code == "petitions_handled");
        var typed = await new FigureCommands(database.Db, TimeProvider.System).SaveAsync(new FigureSave
        {
            OrganizationId = luoxing.Id, IndicatorId = petitions.Id, Year = EarlierReport.Year, Value = 60, Qualifier = Qualifier.Exact, Status = FigureStatus.Provisional,
        }, clerk);
        var stored = Assert.Single(typed.Saved);

        var proposals = Propose([stored]);
        var proposal = proposals.Figures.Single(p => p.Figure.Indicator == "petitions_handled");
        Assert.True(proposal.Sure);
        Assert.True(proposal.Differs);
        Assert.False(proposal.Accepted);   // a difference is a choice

        // A commit that names the figure as new (no version) is a conflict: nothing is stored, the typed 60 stays.
        var blind = SureOnes(proposals) with { Figures = [.. SureOnes(proposals).Figures, new ImportedFigure("petitions_handled", 58, Qualifier.Exact, proposal.SourceText, null)] };
        var refused = await import.CommitAsync(blind, clerk);
        Assert.Equal(60, Assert.Single(refused.Conflicts).Current!.Value);
        Assert.Equal((0, 1, 1), await CountAsync(luoxing));

        // Chosen at the version the editor saw: replaced, with its history.
        var chosen = SureOnes(proposals) with { Figures = [.. SureOnes(proposals).Figures, new ImportedFigure("petitions_handled", 58, Qualifier.Exact, proposal.SourceText, stored.Version)] };
        Assert.True((await import.CommitAsync(chosen, clerk)).Succeeded);
        var now = await new FigureQueries(database.Db).GetFiguresAsync(luoxing.Id, EarlierReport.Year, Reader.System("测试"));
        Assert.Equal(58, now.Single(f => f.IndicatorCode == "petitions_handled").Value);
    }

    [EngineFact]
    public async Task APublishedFigureTheReportConfirmsStaysPublishedAndADifferentOneTakesTheChosenStatus()
    {
        var clerk = await Actors.SignInAsync(database.Db, "clerk", Role.Editor, organizationCode: "luoxing");
        var sure = Propose().Figures.Where(p => p.Accepted).ToList();
        var (confirmed, replaced) = (sure[0], sure[1]);
        var figures = new FigureCommands(database.Db, TimeProvider.System);
        // One figure already published as the report writes it, one published with another value.
        foreach (var (proposal, value) in new[] { (confirmed, confirmed.Figure.Value), (replaced, replaced.Figure.Value + 1) })
        {
            Assert.True((await figures.SaveAsync(new FigureSave
            {
                OrganizationId = luoxing.Id, IndicatorId = catalog.Single(i => i.Code == proposal.Figure.Indicator).Id, Year = EarlierReport.Year,
                Value = value, Qualifier = proposal.Figure.Qualifier, Status = FigureStatus.Published,
            }, clerk)).Succeeded);
        }
        var stored = await new FigureQueries(database.Db).GetFiguresAsync(luoxing.Id, EarlierReport.Year, Reader.System("测试"));
        var commit = SureOnes(Propose(stored));
        var version = stored.Single(f => f.IndicatorCode == replaced.Figure.Indicator).Version;
        commit = commit with
        {
            Figures = [.. commit.Figures.Where(f => f.IndicatorCode != replaced.Figure.Indicator),
                new ImportedFigure(replaced.Figure.Indicator!, replaced.Figure.Value, replaced.Figure.Qualifier, replaced.SourceText, version)],
        };

        Assert.True((await import.CommitAsync(commit, clerk)).Succeeded);   // as 暂定, the import's default

        var visible = await new FigureQueries(database.Db).GetFiguresAsync(luoxing.Id, EarlierReport.Year, Reader.Visitor);
        Assert.Contains(visible, f => f.IndicatorCode == confirmed.Figure.Indicator && f.Value == confirmed.Figure.Value);   // still on the visitors' dashboard
        var all = await new FigureQueries(database.Db).GetFiguresAsync(luoxing.Id, EarlierReport.Year, Reader.System("测试"));
        Assert.Equal(confirmed.SourceText, all.Single(f => f.IndicatorCode == confirmed.Figure.Indicator).SourceText);   // linked to the report's words
        Assert.Equal(FigureStatus.Provisional, all.Single(f => f.IndicatorCode == replaced.Figure.Indicator).Status);   // a new value: as chosen
    }

    [EngineFact]
    public async Task AStoredReportIsReplacedOnlyAtTheVersionTheEditorSaw()
    {
        var clerk = await Actors.SignInAsync(database.Db, "clerk", Role.Editor, organizationCode: "luoxing");
        var saved = await new ReportCommands(database.Db, TimeProvider.System).SaveAsync(
            new ReportSave { OrganizationId = luoxing.Id, Year = EarlierReport.Year, Title = "草稿", Body = "草稿正文" }, clerk);

        var blind = await import.CommitAsync(SureOnes(Propose()), clerk);
        Assert.NotNull(blind.ReportConflict);
        Assert.Equal((1, 0, 0), await CountAsync(luoxing));

        var chosen = await import.CommitAsync(SureOnes(Propose()) with { ExpectedReportUpdatedAt = saved.Saved!.UpdatedAt }, clerk);
        Assert.True(chosen.Succeeded);
        Assert.Equal(2, (await new ReportQueries(database.Db).GetHistoryAsync(luoxing.Id, EarlierReport.Year, Reader.System("测试"))).Count);
    }

    [EngineFact]
    public async Task ANewIndicatorNeedsAnAdministratorOfEveryOrganizationAndComesInWithItsFigure()
    {
        // In the part on the year's work (what follows the plans' heading is not a figure of the year).
        var plans = body.IndexOf("\n## 二、", StringComparison.Ordinal);
        Assert.True(plans > 0);
        body = body.Insert(plans, "\n\n全年办理法律援助案件16件。");
        var proposals = Propose();
        var aid = proposals.Figures.Single(p => p.Figure.Raw == "16件");
        Assert.Null(aid.Figure.Indicator);
        var idea = aid.NewIndicator!;
        Assert.Equal(("法律援助案件", "件", IndicatorKind.Count), (idea.Name, idea.Unit, idea.Kind));
        var commit = SureOnes(proposals) with
        {
            NewIndicators = [new IndicatorSave { Code = idea.Code, CategoryCode = "administrative_disputes", Name = idea.Name, Unit = idea.Unit, Kind = idea.Kind, Direction = Direction.Neutral }],
        };
        commit = commit with { Figures = [.. commit.Figures, new ImportedFigure(idea.Code, 16, Qualifier.Exact, aid.SourceText, null)] };

        var clerk = await Actors.SignInAsync(database.Db, "clerk", Role.Editor, organizationCode: "luoxing");
        await Assert.ThrowsAsync<AccessDeniedException>(() => import.CommitAsync(commit, clerk));
        var streetAdmin = await Actors.SignInAsync(database.Db, "streetadmin", Role.Admin, organizationCode: "luoxing");
        await Assert.ThrowsAsync<AccessDeniedException>(() => import.CommitAsync(commit, streetAdmin));
        Assert.Null(await new CatalogQueries(database.Db).GetIndicatorAsync(idea.Code));

        var admin = await Actors.SignInAsync(database.Db, "boss", Role.Admin);
        Assert.True((await import.CommitAsync(commit, admin)).Succeeded);
        var added = (await new CatalogQueries(database.Db).GetIndicatorAsync(idea.Code))!;
        Assert.Equal("法律援助案件", added.Name);
        var figures = await new FigureQueries(database.Db).GetFiguresAsync(luoxing.Id, EarlierReport.Year, Reader.System("测试"));
        Assert.Equal(16, figures.Single(f => f.IndicatorCode == idea.Code).Value);
        Assert.Contains(await new CatalogQueries(database.Db).GetHistoryAsync(50), h => h.IndicatorId == added.Id && h.Action == "Add");
    }

    [EngineFact]
    public async Task WordsThatAreNotInTheTextOrTwoFiguresForOneIndicatorAreRefused()
    {
        var clerk = await Actors.SignInAsync(database.Db, "clerk", Role.Editor, organizationCode: "luoxing");
        var commit = SureOnes(Propose());

        var foreignWords = await import.CommitAsync(commit with { Figures = [.. commit.Figures, new ImportedFigure("safety_slogans", 9, Qualifier.Exact, "张贴标语9条", null)] }, clerk);
        var twice = await import.CommitAsync(commit with { Figures = [.. commit.Figures, commit.Figures[0] with { Value = 4 }] }, clerk);

        Assert.Contains(foreignWords.Problems, p => p.Contains("找不到"));
        Assert.Contains(twice.Problems, p => p.Contains("只能有一个数"));
        Assert.Equal((0, 0, 0), await CountAsync(luoxing));
    }

    [EngineFact]
    public async Task ATypedReportLinksTheFiguresEnteredInTheGridAndFlagsASentenceThatDisagrees()
    {
        // 2025: figures typed in the grid, then the draft report written on /reports/edit.
        var clerk = await Actors.SignInAsync(database.Db, "clerk", Role.Editor, organizationCode: "luoxing");
        var commands = new FigureCommands(database.Db, TimeProvider.System);
        foreach (var (code, value) in new[] { ("disputes_mediated", 892m), ("mediation_success_rate", 98.5m), ("petitions_handled", 58m), ("administrative_litigation_cases", 12m) })
        {
            var saved = await commands.SaveAsync(new FigureSave
            {
                OrganizationId = luoxing.Id, IndicatorId = catalog.Single(i => i.Code == code).Id, Year = 2025, Value = value, Qualifier = Qualifier.Exact, Status = FigureStatus.Provisional,
            }, clerk);
            Assert.True(saved.Succeeded);
        }
        var draft = "# 2025年度法治政府建设工作情况报告\n\n全年排查调处矛盾纠纷892件，调解成功率98.5%。受理信访事件58件。行政诉讼案件10件。";
        var stored = await new FigureQueries(database.Db).GetFiguresAsync(luoxing.Id, 2025, Reader.System("测试"));

        var links = ReportLinks.Find(draft, stored, catalog);

        Assert.Equal(["disputes_mediated", "mediation_success_rate", "petitions_handled"], links.Where(l => l.Agrees).Select(l => l.Figure.IndicatorCode).Order());
        var differs = Assert.Single(links, l => !l.Agrees);
        Assert.Equal(("administrative_litigation_cases", 10m), (differs.Figure.IndicatorCode, differs.StatedValue));

        var result = await new ReportCommands(database.Db, TimeProvider.System).SaveAsync(new ReportSave
        {
            OrganizationId = luoxing.Id, Year = 2025, Title = "2025年度法治政府建设工作情况报告", Body = draft,
            Links = [.. links.Where(l => l.Agrees).Select(l => new SourceLink(l.Figure.IndicatorId, l.Figure.Version, l.SourceText))],
        }, clerk);

        Assert.True(result.Succeeded, string.Join(" ", result.Problems));
        var now = await new FigureQueries(database.Db).GetFiguresAsync(luoxing.Id, 2025, Reader.System("测试"));
        Assert.Equal("全年排查调处矛盾纠纷892件", now.Single(f => f.IndicatorCode == "disputes_mediated").SourceText);
        Assert.Equal("", now.Single(f => f.IndicatorCode == "administrative_litigation_cases").SourceText);
        Assert.DoesNotContain(ReportLinks.Find(draft, now, catalog), l => l.Agrees);
        var history = await new FigureQueries(database.Db).GetRecentChangesAsync(luoxing.Id, 100, Reader.System("测试"));
        Assert.Equal(3, history.Count(h => h.Reason == ReportCommands.LinkReason));
    }

    [EngineFact]
    public async Task ALinkToAFigureChangedMeanwhileSavesNothing()
    {
        var clerk = await Actors.SignInAsync(database.Db, "clerk", Role.Editor, organizationCode: "luoxing");
        var commands = new FigureCommands(database.Db, TimeProvider.System);
        var indicator = catalog.Single(i => i.Code == "petitions_handled").Id;
        var first = (await commands.SaveAsync(new FigureSave { OrganizationId = luoxing.Id, IndicatorId = indicator, Year = 2025, Value = 58, Status = FigureStatus.Provisional }, clerk)).Saved[0];
        await commands.SaveAsync(new FigureSave { OrganizationId = luoxing.Id, IndicatorId = indicator, Year = 2025, Value = 59, Status = FigureStatus.Provisional, ExpectedVersion = first.Version }, clerk);

        var result = await new ReportCommands(database.Db, TimeProvider.System).SaveAsync(new ReportSave
        {
            OrganizationId = luoxing.Id, Year = 2025, Title = "2025", Body = "受理信访事件58件。", Links = [new SourceLink(indicator, first.Version, "受理信访事件58件")],
        }, clerk);

        Assert.False(result.Succeeded);
        Assert.Null(await new ReportQueries(database.Db).GetReportAsync(luoxing.Id, 2025, Reader.System("测试")));
    }
}
