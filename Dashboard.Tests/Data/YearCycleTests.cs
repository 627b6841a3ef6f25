using Dapper;
using Dashboard.Data;
using Dashboard.Data.Figures;
using Dashboard.Data.Import;
using Dashboard.Data.Inbox;
using Dashboard.Data.Reports;
using Dashboard.Data.Review;
using Dashboard.Data.Targets;
using Dashboard.Data.Users;
using Dashboard.Data.Years;
using Dashboard.Tests.Support;
using static Dashboard.Tests.Support.Actors;

namespace Dashboard.Tests.Data;

/// <summary>
/// The year's cycle in the data layer, where it is enforced: a clerk submits (complete, or saying why not), a reviewer
/// returns with reasons or approves — which publishes the year in one transaction — and meanwhile the year changes by
/// no path. Each attack is performed: approving one's own submission, another street's reviewer, a street's own
/// reviewer where its district reviews, every write path into a submitted year, an approval racing a return.
/// </summary>
public class YearCycleTests : IAsyncLifetime
{
    public sealed class OnPostgres : YearCycleTests, IOnPostgres
    {
        protected override DatabaseEngine Engine => DatabaseEngine.Postgres;
    }

    protected virtual DatabaseEngine Engine => DatabaseEngine.Sqlite;

    private TempDatabase database = null!;
    private long district;
    private long street;
    private long other;
    private long disputes;
    private long petitions;
    private long rate;
    private Actor clerk = null!;
    private Actor reviewer = null!;

    public async Task InitializeAsync()
    {
        database = await TempDatabase.CreateMigratedAsync(Engine);
        await using (var connection = await database.Db.OpenAsync())
        {
            district = await connection.ExecuteScalarAsync<long>("INSERT INTO organizations (code, name, kind) VALUES ('qu', '某区', '区') RETURNING id");
            street = await connection.ExecuteScalarAsync<long>("INSERT INTO organizations (code, name, kind, parent_id) VALUES ('jie', '甲街道', '街道', @district) RETURNING id", new { district });
            other = await connection.ExecuteScalarAsync<long>("INSERT INTO organizations (code, name, kind, parent_id) VALUES ('yi', '乙街道', '街道', @district) RETURNING id", new { district });
        }
        disputes = await CatalogBuilder.AddIndicatorAsync(database.Db, "disputes");
        petitions = await CatalogBuilder.AddIndicatorAsync(database.Db, "petitions");
        rate = await CatalogBuilder.AddIndicatorAsync(database.Db, "rate", IndicatorKind.Rate, "%");
        await using (var connection = await database.Db.OpenAsync())
        {
            // Named as a catalog names them, so the report's words can be read against the figures.
            await connection.ExecuteAsync("UPDATE indicators SET name = '矛盾纠纷排查调处', aliases = '化解矛盾纠纷' WHERE code = 'disputes'");
            await connection.ExecuteAsync("UPDATE indicators SET name = '调解成功率', rate_of_id = (SELECT id FROM indicators WHERE code = 'disputes') WHERE code = 'rate'");
        }
        clerk = await SignInAsync(database.Db, "clerk", Role.Editor, organizationCode: "jie");
        reviewer = await SignInAsync(database.Db, "leader", Role.Reviewer, organizationCode: "jie");
        await SaveAsync(street, disputes, 256, Writer("clerk"), year: 2024, status: FigureStatus.Published);
        await SaveAsync(street, rate, 98, Writer("clerk"), year: 2024, status: FigureStatus.Published);
        await SaveAsync(street, disputes, 300, clerk);
        await SaveAsync(street, rate, 80, clerk);
        Assert.True((await new ReportCommands(database.Db, TimeProvider.System).SaveAsync(new ReportSave
        {
            OrganizationId = street, Year = 2025, Title = "2025 年度报告", Body = "全年化解矛盾纠纷300件，调解成功率80%。",
        }, clerk)).Succeeded);
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private YearCycle Cycle => new(database.Db, TimeProvider.System);
    private ReviewQueries Review => new(database.Db);

    private async Task<SaveResult> SaveAsync(long organization, long indicator, decimal value, Actor actor, int year = 2025,
        FigureStatus status = FigureStatus.Provisional, string reason = "")
    {
        var current = (await new FigureQueries(database.Db).GetFiguresAsync(organization, year, Reader.System("t"))).SingleOrDefault(f => f.IndicatorId == indicator);
        return await new FigureCommands(database.Db, TimeProvider.System).SaveAsync(new FigureSave
        {
            OrganizationId = organization, IndicatorId = indicator, Year = year, Value = value, Status = status,
            SourceText = current?.SourceText ?? "", ExpectedVersion = current?.Version, Reason = reason,
        }, actor);
    }

    private async Task<YearStatus> StatusAsync(long organization = 0) =>
        await Review.StatusAsync(organization == 0 ? street : organization, 2025, Reader.System("t"));

    private async Task SubmitAsync()
    {
        var result = await Cycle.SubmitAsync(street, 2025, "信访数据尚未汇总", clerk);
        Assert.True(result.Succeeded, string.Join(" ", result.Problems));
    }

    private async Task<IReadOnlyList<Notification>> InboxOfAsync(Actor actor) => await new Inbox(database.Db, TimeProvider.System).GetAsync(actor);

    [EngineFact]
    public async Task ASubmissionWithGapsNeedsAReasonAndReachesTheReviewer()
    {
        var refused = await Cycle.SubmitAsync(street, 2025, "", clerk);

        Assert.False(refused.Succeeded);
        Assert.Contains("还差 1 项：petitions", refused.Problems[0]);
        Assert.Equal(YearState.Open, (await StatusAsync()).State);

        await SubmitAsync();

        var status = await StatusAsync();
        Assert.Equal((YearState.Submitted, 1, "clerk", "信访数据尚未汇总"), (status.State, status.Submissions, status.SubmittedBy, status.GapReason));
        var notice = Assert.Single(await InboxOfAsync(reviewer));
        Assert.Equal((NoticeKind.Submitted, "/review?org=jie&year=2025"), (notice.Kind, notice.Link));
        Assert.Empty(await InboxOfAsync(clerk));
    }

    [EngineFact]
    public async Task ASubmittedYearChangesByNoWritePath()
    {
        await SubmitAsync();
        var admin = await SignInAsync(database.Db, "admin", Role.Admin);
        var before = await new FigureQueries(database.Db).GetFiguresAsync(street, 2025, Reader.System("t"));
        var report = (await new ReportQueries(database.Db).GetReportAsync(street, 2025, Reader.System("t")))!;

        foreach (var actor in new[] { clerk, admin, Writer("import") })
        {
            // The grid and a spreadsheet upload (both save through the batch), with a reason or without.
            await AssertLockedAsync(() => SaveAsync(street, disputes, 1, actor, reason: "改"));
            await AssertLockedAsync(() => SaveAsync(street, petitions, 1, actor));
            await AssertLockedAsync(() => new FigureCommands(database.Db, TimeProvider.System).CheckBatchAsync(
                [new FigureSave { OrganizationId = street, IndicatorId = petitions, Year = 2025, Value = 1 }], actor));
            await AssertLockedAsync(() => new ReportCommands(database.Db, TimeProvider.System).SaveAsync(new ReportSave
            {
                OrganizationId = street, Year = 2025, Title = "改", Body = "改", ExpectedUpdatedAt = report.UpdatedAt, Reason = "改",
            }, actor));
            await AssertLockedAsync(() => new TargetCommands(database.Db, TimeProvider.System).SetTargetsAsync(street, 2025,
                [new TargetSave(disputes, Comparator.GreaterOrEqual, 5, null)], actor));
            await AssertLockedAsync(() => new ReportImport(database.Db, TimeProvider.System).CommitAsync(new ReportImportCommit
            {
                OrganizationId = street, Year = 2025, Title = "导入", Body = "化解矛盾纠纷1件。", ExpectedReportUpdatedAt = report.UpdatedAt,
                Figures = [new ImportedFigure("disputes", 1, Qualifier.Exact, "化解矛盾纠纷1件", before.Single(f => f.IndicatorId == disputes).Version)],
                CorrectionReason = "改",
            }, actor));
        }
        // 发布本年度 is no way round the review either.
        var publication = new YearPublication(database.Db, TimeProvider.System);
        await AssertLockedAsync(async () => await publication.PublishAsync(street, 2025, await publication.PlanAsync(street, 2025, Reader.System("t")), "2026-02", admin));

        Assert.Equal(before, await new FigureQueries(database.Db).GetFiguresAsync(street, 2025, Reader.System("t")));
        Assert.Equal(report, await new ReportQueries(database.Db).GetReportAsync(street, 2025, Reader.System("t")));
        Assert.Empty(await new TargetQueries(database.Db).GetTargetsAsync(street, 2025, 2025, Reader.System("t")));
        // Another year, and another street's same year, are open as ever.
        Assert.True((await SaveAsync(street, petitions, 3, clerk, year: 2026)).Succeeded);
        var otherClerk = await SignInAsync(database.Db, "other-clerk", Role.Editor, organizationCode: "yi");
        Assert.True((await SaveAsync(other, petitions, 3, otherClerk)).Succeeded);
    }

    private static async Task AssertLockedAsync<T>(Func<Task<T>> write)
    {
        var refused = await Assert.ThrowsAsync<AccessDeniedException>(write);
        Assert.Contains("已提交审核", refused.Message);
    }

    [EngineFact]
    public async Task AReturnSendsEveryReasonBackAndReopensTheYearAndTheNextReviewShowsOnlyWhatChanged()
    {
        await SubmitAsync();

        var result = await Cycle.ReturnAsync(street, 2025, 1,
            [new ReturnNote(disputes, "", "与台账不符，请核对"), new ReturnNote(rate, "调解成功率80%", "比上年低18个百分点，请说明"), new ReturnNote(petitions, "", "  ")], reviewer);

        Assert.True(result.Succeeded, string.Join(" ", result.Problems));
        Assert.Equal(YearState.Returned, (await StatusAsync()).State);
        var notes = await Review.OpenReturnAsync(street, 2025, Reader.System("t"));
        Assert.Equal(["与台账不符，请核对", "比上年低18个百分点，请说明"], notes.Select(n => n.Reason));
        var notice = Assert.Single(await InboxOfAsync(clerk));
        Assert.Equal(NoticeKind.Returned, notice.Kind);
        Assert.Contains("与台账不符", notice.Body);

        // Open again: the clerk fixes one figure and submits again.
        Assert.True((await SaveAsync(street, disputes, 310, clerk)).Succeeded);
        await SubmitAsync();

        var sheet = await Review.SheetAsync(street, 2025, Reader.System("t"));
        Assert.Equal(2, sheet.Status.Submissions);
        var changed = sheet.Rows.Where(r => r.ChangedSinceLastSubmission.Count > 0).ToList();
        var row = Assert.Single(changed);
        Assert.Equal((disputes, 300m, 310m), (row.Indicator.Id, row.ChangedSinceLastSubmission[0].OldValue, row.ChangedSinceLastSubmission[0].NewValue));
        Assert.Equal("与台账不符，请核对", Assert.Single(row.LastReturn).Reason);
        // What the product sees itself: the rate's jump, a missing figure, the report stating another number.
        Assert.Contains(sheet.Rows.Single(r => r.Indicator.Id == rate).Problems, p => p.Contains("18 个百分点"));
        Assert.Contains(sheet.Rows.Single(r => r.Indicator.Id == petitions).Problems, p => p.Contains("缺少"));
        Assert.Contains(sheet.Rows.Single(r => r.Indicator.Id == disputes).Problems, p => p.Contains("300件"));
    }

    [EngineFact]
    public async Task ApprovalPublishesTheWholeYearInOneStepNamingTheReviewer()
    {
        await SubmitAsync();

        var result = await Cycle.ApproveAsync(street, 2025, 1, "2026-02-14", reviewer);

        Assert.True(result.Succeeded, string.Join(" ", result.Problems));
        var status = await StatusAsync();
        Assert.Equal(YearState.Published, status.State);
        Assert.NotNull(status.PublishedAt);
        var seen = await new FigureQueries(database.Db).GetFiguresAsync(street, 2025, Reader.Visitor);
        Assert.Equal([300m, 80m], seen.OrderBy(f => f.IndicatorId).Select(f => f.Value));
        Assert.Equal("2026-02-14", (await new ReportQueries(database.Db).GetReportAsync(street, 2025, Reader.Visitor))?.Published);
        var last = (await new FigureQueries(database.Db).GetFigureHistoryAsync(street, disputes, 2025, Reader.System("t")))[0];
        Assert.Equal(("leader", YearCycle.ApproveReason, FigureStatus.Published), (last.ChangedBy, last.Reason, last.NewStatus));
        Assert.Equal(NoticeKind.Approved, Assert.Single(await InboxOfAsync(clerk)).Kind);
        Assert.Equal([YearAction.Approve, YearAction.Submit], (await Review.EventsAsync(street, 2025, Reader.System("t"))).Select(e => e.Action));
        // A visitor learns that the year is published, not who submitted it.
        var public_ = await Review.StatusAsync(street, 2025, Reader.Visitor);
        Assert.Equal((YearState.Published, null), (public_.State, public_.SubmittedBy));
    }

    [EngineFact]
    public async Task AfterPublicationAChangeIsACorrectionWithAReasonOnTheReviewersList()
    {
        await SubmitAsync();
        Assert.True((await Cycle.ApproveAsync(street, 2025, 1, "2026-02-14", reviewer)).Succeeded);

        var withoutReason = await SaveAsync(street, petitions, 41, clerk);
        Assert.Contains("已发布：更正须填写原因", Assert.Single(withoutReason.Problems).Message);
        var corrected = await SaveAsync(street, disputes, 301, clerk, status: FigureStatus.Published, reason: "台账复核后更正");
        Assert.True(corrected.Succeeded);

        var correction = Assert.Single(await Review.CorrectionsAsync(street, 2025, Reader.System("t")));
        Assert.Equal(("clerk", 300m, 301m, "台账复核后更正"), (correction.ChangedBy, correction.OldValue, correction.NewValue, correction.Reason));
        Assert.Equal([(street, disputes)], await Review.CorrectedAsync([street, other], 2025, Reader.Visitor));
        // A report change of a published year needs its reason too.
        var report = (await new ReportQueries(database.Db).GetReportAsync(street, 2025, Reader.System("t")))!;
        var save = new ReportSave { OrganizationId = street, Year = 2025, Title = report.Title, Body = report.Body + "补充。", Published = report.Published!, ExpectedUpdatedAt = report.UpdatedAt };
        Assert.Contains("更正原因", Assert.Single((await new ReportCommands(database.Db, TimeProvider.System).SaveAsync(save, clerk)).Problems));
        Assert.True((await new ReportCommands(database.Db, TimeProvider.System).SaveAsync(save with { Reason = "补充一句" }, clerk)).Succeeded);
    }

    [EngineFact]
    public async Task NobodyApprovesTheirOwnSubmission()
    {
        // A clerk cannot approve at all; a reviewer who submitted cannot approve it either.
        var result = await Cycle.SubmitAsync(street, 2025, "缺信访", reviewer);
        Assert.True(result.Succeeded);

        await Assert.ThrowsAsync<AccessDeniedException>(() => Cycle.ApproveAsync(street, 2025, 1, "2026-02", clerk));
        var own = await Assert.ThrowsAsync<AccessDeniedException>(() => Cycle.ApproveAsync(street, 2025, 1, "2026-02", reviewer));
        Assert.Contains("自己提交", own.Message);
        await Assert.ThrowsAsync<AccessDeniedException>(() => Cycle.ReturnAsync(street, 2025, 1, [new ReturnNote(null, "", "自己退回")], reviewer));

        Assert.Equal(YearState.Submitted, (await StatusAsync()).State);
        Assert.All(await new FigureQueries(database.Db).GetFiguresAsync(street, 2025, Reader.System("t")), f => Assert.Equal(FigureStatus.Provisional, f.Status));
    }

    [EngineFact]
    public async Task AReviewerOfOneStreetCannotApproveAnother()
    {
        var otherClerk = await SignInAsync(database.Db, "other-clerk", Role.Editor, organizationCode: "yi");
        await SaveAsync(other, disputes, 5, otherClerk);
        Assert.True((await Cycle.SubmitAsync(other, 2025, "缺项", otherClerk)).Succeeded);

        await Assert.ThrowsAsync<AccessDeniedException>(() => Cycle.ApproveAsync(other, 2025, 1, "2026-02", reviewer));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Cycle.ReturnAsync(other, 2025, 1, [new ReturnNote(null, "", "不对")], reviewer));

        Assert.Equal(YearState.Submitted, (await StatusAsync(other)).State);
        // The district's reviewer may.
        var districtReviewer = await SignInAsync(database.Db, "district-office", Role.Reviewer, organizationCode: "qu");
        Assert.True((await Cycle.ApproveAsync(other, 2025, 1, "2026-02", districtReviewer)).Succeeded);
    }

    [EngineFact]
    public async Task WhereTheDistrictReviewsTheStreetsOwnReviewerMayNot()
    {
        await using (var connection = await database.Db.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE organizations SET approval = 'District' WHERE id = @street", new { street });
        }
        var districtReviewer = await SignInAsync(database.Db, "district-office", Role.Reviewer, organizationCode: "qu");
        await SubmitAsync();
        Assert.Contains(await InboxOfAsync(districtReviewer), n => n.Kind == NoticeKind.Submitted);
        Assert.DoesNotContain(await InboxOfAsync(reviewer), n => n.Kind == NoticeKind.Submitted);

        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => Cycle.ApproveAsync(street, 2025, 1, "2026-02", reviewer));
        Assert.Contains("上级区审核", refused.Message);
        Assert.True((await Cycle.ApproveAsync(street, 2025, 1, "2026-02", districtReviewer)).Succeeded);
    }

    [EngineFact]
    public async Task AnApprovalOfAnOlderSubmissionIsRefused()
    {
        await SubmitAsync();
        Assert.True((await Cycle.ReturnAsync(street, 2025, 1, [new ReturnNote(disputes, "", "请核对")], reviewer)).Succeeded);
        await SubmitAsync();

        var stale = await Cycle.ApproveAsync(street, 2025, 1, "2026-02", reviewer);

        Assert.Contains("新的提交", Assert.Single(stale.Problems));
        Assert.Equal(YearState.Submitted, (await StatusAsync()).State);
    }

    [EngineFact]
    public async Task AnApprovalRacingAReturnAndAnEditLeavesOneWholeOutcome()
    {
        await SubmitAsync();
        var secondReviewer = await SignInAsync(database.Db, "deputy", Role.Reviewer, organizationCode: "jie");

        var approve = Task.Run(() => Cycle.ApproveAsync(street, 2025, 1, "2026-02", reviewer));
        var giveBack = Task.Run(() => Cycle.ReturnAsync(street, 2025, 1, [new ReturnNote(disputes, "", "请核对")], secondReviewer));
        var edit = Task.Run(async () =>
        {
            try { return (await SaveAsync(street, petitions, 9, clerk, reason: "补录")).Succeeded; }
            catch (AccessDeniedException) { return false; }
        });
        var results = await Task.WhenAll(approve, giveBack);
        var edited = await edit;

        Assert.Equal(1, results.Count(r => r.Succeeded));
        var figures = await new FigureQueries(database.Db).GetFiguresAsync(street, 2025, Reader.System("t"));
        var state = (await StatusAsync()).State;
        if (approve.Result.Succeeded)
        {
            // Approved: every figure it saw is published, and an edit after it went in only as a correction with its reason.
            Assert.Equal(YearState.Published, state);
            Assert.All(figures.Where(f => f.IndicatorId != petitions), f => Assert.Equal(FigureStatus.Published, f.Status));
        }
        else
        {
            Assert.Contains(state, new[] { YearState.Returned });
            Assert.All(figures.Where(f => f.IndicatorId != petitions), f => Assert.Equal(FigureStatus.Provisional, f.Status));
        }
        Assert.Equal(edited, figures.Any(f => f.IndicatorId == petitions));
    }

    [EngineFact]
    public async Task WithAReviewerConfiguredTheAdministratorSubmitsInsteadOfPublishing()
    {
        var admin = await SignInAsync(database.Db, "street-admin", Role.Admin, organizationCode: "jie");
        var publication = new YearPublication(database.Db, TimeProvider.System);

        var result = await publication.PublishAsync(street, 2025, await publication.PlanAsync(street, 2025, Reader.System("t")), "2026-02", admin);

        Assert.Contains("审核人审核后发布", Assert.Single(result.Problems));
        Assert.Equal(YearState.Open, (await StatusAsync()).State);
        // Without a reviewer (the only one disabled), 发布本年度 publishes and the year is 已发布.
        await new UserCommands(database.Db, TimeProvider.System).SetDisabledAsync("leader", true, Writer("t"));
        var published = await publication.PublishAsync(street, 2025, await publication.PlanAsync(street, 2025, Reader.System("t")), "2026-02", admin);
        Assert.True(published.Succeeded, string.Join(" ", published.Problems));
        Assert.Equal(YearState.Published, (await StatusAsync()).State);
    }

    [EngineFact]
    public async Task ADistrictOpensOneRoundPerYearAndItsStreetsAreToldAndReminded()
    {
        var districtAdmin = await SignInAsync(database.Db, "district-admin", Role.Admin, organizationCode: "qu");
        var streetAdmin = await SignInAsync(database.Db, "street-admin", Role.Admin, organizationCode: "jie");
        var rounds = new CollectionRounds(database.Db, TimeProvider.System);

        await Assert.ThrowsAsync<AccessDeniedException>(() => rounds.OpenAsync(district, 2026, new DateOnly(2027, 1, 31), "", streetAdmin));
        Assert.Contains("只有区", Assert.Single((await rounds.OpenAsync(street, 2026, new DateOnly(2027, 1, 31), "", districtAdmin)).Problems));
        Assert.True((await rounds.OpenAsync(district, 2026, new DateOnly(2027, 1, 31), "请按时填报", districtAdmin)).Succeeded);
        Assert.Contains("已经发起", Assert.Single((await rounds.OpenAsync(district, 2026, new DateOnly(2027, 2, 28), "", districtAdmin)).Problems));

        var round = (await rounds.OpenRoundAsync(street, 2026))!;
        Assert.Equal(("2027-01-31", "1 月 31 日", "请按时填报"), (round.DueOn, round.DueText, round.Message));
        var told = Assert.Single(await InboxOfAsync(clerk));
        Assert.Equal((NoticeKind.RoundOpened, "/figures/edit?org=jie&year=2026"), (told.Kind, told.Link));

        // Reminded once within the window, not again the next day; an extension reminds again.
        Assert.Equal(0, await rounds.RemindAsync(7, new DateOnly(2027, 1, 1)));
        var first = await rounds.RemindAsync(7, new DateOnly(2027, 1, 27));
        Assert.True(first >= 2);   // the clerk and the leader of 甲街道
        Assert.Equal(0, await rounds.RemindAsync(7, new DateOnly(2027, 1, 28)));
        Assert.True((await rounds.ExtendAsync(round.Id, new DateOnly(2027, 2, 3), "延期一周", districtAdmin)).Succeeded);
        Assert.Equal(first, await rounds.RemindAsync(7, new DateOnly(2027, 1, 28)));

        Assert.True((await rounds.CloseAsync(round.Id, districtAdmin)).Succeeded);
        Assert.Null(await rounds.OpenRoundAsync(street, 2026));
        Assert.True((await rounds.OpenAsync(district, 2026, new DateOnly(2027, 3, 1), "", districtAdmin)).Succeeded);
    }
}
