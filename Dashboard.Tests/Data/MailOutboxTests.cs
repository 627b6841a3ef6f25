using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Dapper;
using Dashboard.Data;
using Dashboard.Data.Changes;
using Dashboard.Data.Inbox;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Dashboard.Web.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using netDumbster.smtp;

namespace Dashboard.Tests.Data;

/// <summary>
/// The mail outbox sent through a real SMTP server (netDumbster, on a free port of 127.0.0.1): at once after a
/// notification, again later when the server was down, never without a configured server and sender.
/// </summary>
public class MailOutboxTests : IAsyncLifetime
{
    /// <summary>The same on PostgreSQL.</summary>
    public sealed class OnPostgres : MailOutboxTests, IOnPostgres
    {
        protected override DatabaseEngine Engine => DatabaseEngine.Postgres;
    }

    protected virtual DatabaseEngine Engine => DatabaseEngine.Sqlite;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private TempDatabase database = null!;
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 2, 1, 30, 0, TimeSpan.Zero));
    private readonly ListLogger<MailOutbox> log = new();
    private long withAddress;
    private long withoutAddress;

    public async Task InitializeAsync()
    {
        database = await TempDatabase.CreateMigratedAsync(Engine);
        await CatalogBuilder.AddOrganizationAsync(database.Db);
        var commands = new UserCommands(database.Db, clock);
        withAddress = (await commands.AddUserAsync("审核人", Role.Reviewer, "hash", Actor.System("test"))).Id;
        await commands.SetEmailAsync("审核人", "shenhe@example.gov.cn", Actor.System("test"));
        withoutAddress = (await commands.AddUserAsync("文员", Role.Editor, "hash", Actor.System("test"))).Id;
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private static MailOptions Settings(int port) => new()
    {
        Host = "127.0.0.1", Port = port, Security = SmtpSecurity.None, From = "法治建设看板 <noreply@example.gov.cn>",
    };

    private MailOutbox Outbox(MailOptions settings, DataChanges? changes = null) =>
        new(new MailQueue(database.Db), changes ?? new DataChanges(database.Db, clock, NullLogger<DataChanges>.Instance),
            Options.Create(settings), clock, log);

    private static SimpleSmtpServer StartSmtp(int? port = null)
    {
        var configuration = Configuration.Configure().WithAddress(IPAddress.Loopback);
        return (port is { } fixedPort ? configuration.WithPort(fixedPort) : configuration.WithRandomPort()).Build();
    }

    /// <summary>A step of the year's cycle tells both users; only the one with an address gets a mail.</summary>
    private async Task NotifyAsync(string title = "2025 年度数据被退回修改", string body = "审核人退回了罗星街道 2025 年度的数据：矛盾纠纷化解率请核实。")
    {
        await using var connection = await database.Db.OpenAsync();
        await using var transaction = await connection.BeginWriteAsync();
        await Inbox.SendAsync(transaction, [withAddress, withoutAddress],
            new Notice(NoticeKind.Returned, null, 2025, title, body, "/figures/edit?org=test&year=2025"), clock.GetUtcNow(), default);
        await transaction.CommitAsync();
    }

    private sealed record OutboxRow(string ToAddress, long Attempts, DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt, string LastError);

    private async Task<OutboxRow> RowAsync()
    {
        await using var connection = await database.Db.OpenAsync();
        return await connection.QuerySingleAsync<OutboxRow>("SELECT to_address, attempts, next_attempt_at, sent_at, last_error FROM mail_outbox");
    }

    private static MimeMessage Received(SimpleSmtpServer server) =>
        MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(server.ReceivedEmail.Single().Data)));

    [EngineFact]
    public async Task ANotificationIsMailedAtOnceToTheUsersAddressWithItsChineseSubjectAndBody()
    {
        using var smtp = StartSmtp();
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        smtp.MessageReceived += (_, _) => arrived.TrySetResult();
        // The app's own change notices, on the real clock; the outbox's clock stands still, so only a notice wakes it.
        using var changes = new DataChanges(database.Db, TimeProvider.System, NullLogger<DataChanges>.Instance);
        await changes.StartAsync(default);
        await changes.Ready.WaitAsync(Patience);
        using var outbox = Outbox(Settings(smtp.Configuration.Port), changes);
        var passes = new ConcurrentQueue<MailPass>();
        var firstLook = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        outbox.Passed += pass =>
        {
            passes.Enqueue(pass);
            firstLook.TrySetResult();
            if (pass.Sent > 0) sent.TrySetResult();
        };
        await outbox.StartAsync(default);
        await firstLook.Task.WaitAsync(Patience);

        await NotifyAsync();

        await arrived.Task.WaitAsync(Patience);
        await sent.Task.WaitAsync(Patience);
        var mail = Received(smtp);
        Assert.Equal(["shenhe@example.gov.cn"], mail.To.Mailboxes.Select(m => m.Address));
        Assert.Equal(["noreply@example.gov.cn"], mail.From.Mailboxes.Select(m => m.Address));
        Assert.Equal("法治建设看板", mail.From.Mailboxes.Single().Name);
        Assert.Equal("2025 年度数据被退回修改", mail.Subject);
        Assert.Equal("审核人退回了罗星街道 2025 年度的数据：矛盾纠纷化解率请核实。\n\n打开：/figures/edit?org=test&year=2025", (mail.TextBody ?? "").Replace("\r\n", "\n").TrimEnd());
        Assert.Equal("utf-8", mail.BodyParts.OfType<TextPart>().Single().ContentType.Charset, ignoreCase: true);
        Assert.Equal(1, smtp.ReceivedEmailCount);
        var row = await RowAsync();
        Assert.Equal((clock.GetUtcNow(), 1L, ""), (row.SentAt, row.Attempts, row.LastError));
        await outbox.StopAsync(default);
        await changes.StopAsync(default);
        Assert.Equal(1, passes.Sum(p => p.Sent));
    }

    [EngineFact]
    public async Task WithTheServerDownTheMailWaitsAndGoesOnceTheServerIsBackAndItsTimeHasCome()
    {
        int port;
        using (var probe = StartSmtp())
        {
            port = probe.Configuration.Port;
        }
        using var outbox = Outbox(Settings(port));
        await NotifyAsync();
        var queuedAt = clock.GetUtcNow();

        var down = await outbox.SendDueAsync();

        Assert.Equal(new MailPass(0, 1, 0), down);
        var waiting = await RowAsync();
        Assert.Equal((1L, (DateTimeOffset?)null, queuedAt.AddMinutes(1)), (waiting.Attempts, waiting.SentAt, waiting.NextAttemptAt));
        Assert.StartsWith($"无法连接邮件服务器 127.0.0.1:{port}", waiting.LastError);
        Assert.Contains(log.Lines, line => line.StartsWith("Warning: Could not reach the mail server 127.0.0.1"));

        using var smtp = StartSmtp(port);
        Assert.Equal(new MailPass(0, 0, 0), await outbox.SendDueAsync());   // not yet: a minute after the failure
        Assert.Equal(0, smtp.ReceivedEmailCount);

        clock.Advance(TimeSpan.FromMinutes(1));
        var back = await outbox.SendDueAsync();

        Assert.Equal(new MailPass(1, 0, 0), back);
        Assert.Equal(1, smtp.ReceivedEmailCount);
        Assert.Equal("2025 年度数据被退回修改", Received(smtp).Subject);
        var sent = await RowAsync();
        Assert.Equal((2L, (DateTimeOffset?)clock.GetUtcNow()), (sent.Attempts, sent.SentAt));
        Assert.Equal(new MailPass(0, 0, 0), await outbox.SendDueAsync());   // and never again
        Assert.Equal(1, smtp.ReceivedEmailCount);
    }

    [EngineFact]
    public async Task EachFailureWaitsTwiceAsLongUpToAnHourAndAMailStillNotSentAfterMaxAgeHoursIsGivenUp()
    {
        int port;
        using (var probe = StartSmtp())
        {
            port = probe.Configuration.Port;
        }
        using var outbox = Outbox(Settings(port));
        await NotifyAsync();

        var waits = new List<TimeSpan>();
        for (var attempt = 1; attempt <= 8; attempt++)
        {
            Assert.Equal(new MailPass(0, 1, 0), await outbox.SendDueAsync());
            var row = await RowAsync();
            Assert.Equal(attempt, row.Attempts);
            waits.Add(row.NextAttemptAt - clock.GetUtcNow());
            clock.Advance(row.NextAttemptAt - clock.GetUtcNow());
        }
        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60], waits.Select(w => w.TotalMinutes));

        // 72 hours after the notification, with the server back: given up, not sent.
        using var smtp = StartSmtp(port);
        clock.Advance(TimeSpan.FromHours(72));
        var late = await outbox.SendDueAsync();

        Assert.Equal(new MailPass(0, 0, 1), late);
        var givenUp = await RowAsync();
        Assert.Null(givenUp.SentAt);
        Assert.StartsWith("已放弃：超过 72 小时仍未发出。最后一次错误：无法连接邮件服务器", givenUp.LastError);
        Assert.Contains(log.Lines, line => line.StartsWith("Warning: Gave up 1 mails not sent within 72 hours"));
        Assert.Equal(new MailPass(0, 0, 0), await outbox.SendDueAsync());   // given up once, and left so
        Assert.Equal(0, smtp.ReceivedEmailCount);
    }

    [EngineFact]
    public async Task OldestFirstAndEveryDueMailInOneLook()
    {
        using var smtp = StartSmtp();
        var subjects = new ConcurrentQueue<string>();
        smtp.MessageReceived += (_, received) => subjects.Enqueue(MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(received.Message.Data))).Subject ?? "");
        using var outbox = Outbox(Settings(smtp.Configuration.Port));
        for (var i = 1; i <= 25; i++)
        {
            await NotifyAsync(title: $"通知 {i}");
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var pass = await outbox.SendDueAsync();

        Assert.Equal(new MailPass(25, 0, 0), pass);
        Assert.Equal(Enumerable.Range(1, 25).Select(i => $"通知 {i}"), subjects);
    }

    [EngineFact]
    public async Task AMailThatCannotBeSentFailsAloneTheOthersGoAndTheLogNamesNoRecipient()
    {
        using var smtp = StartSmtp();
        using var outbox = Outbox(Settings(smtp.Configuration.Port));
        await NotifyAsync(title: "第一条");
        // An address no server takes (written by hand into the database, say).
        await using (var connection = await database.Db.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE mail_outbox SET to_address = 'shenhe@'");
        }
        clock.Advance(TimeSpan.FromSeconds(1));
        await NotifyAsync(title: "第二条");

        var pass = await outbox.SendDueAsync();

        Assert.Equal(new MailPass(1, 1, 0), pass);
        Assert.Equal("第二条", Received(smtp).Subject);
        await using var check = await database.Db.OpenAsync();
        var failed = await check.QuerySingleAsync<OutboxRow>(
            "SELECT to_address, attempts, next_attempt_at, sent_at, last_error FROM mail_outbox WHERE sent_at IS NULL");
        Assert.Equal((1L, clock.GetUtcNow().AddMinutes(1)), (failed.Attempts, failed.NextAttemptAt));
        Assert.StartsWith("发送失败：", failed.LastError);
        Assert.Contains(log.Lines, line => line.StartsWith("Warning: Mail ") && line.Contains("was not sent"));
        Assert.DoesNotContain(log.Lines, line => line.Contains("shenhe@"));
    }

    [EngineTheory]
    [InlineData("", "")]
    [InlineData("127.0.0.1", "")]
    [InlineData("", "法治建设看板 <noreply@example.gov.cn>")]
    public async Task WithoutAServerAndASenderNothingIsSentTheMailsStayAndTheLogSaysMailIsOff(string host, string from)
    {
        using var smtp = StartSmtp();
        var settings = Settings(smtp.Configuration.Port);
        settings.Host = host;
        settings.From = from;
        using var unconfigured = Outbox(settings);
        await NotifyAsync();

        await unconfigured.StartAsync(default);
        await unconfigured.ExecuteTask!.WaitAsync(Patience);   // it stops at once: there is nothing it may do
        var pass = await unconfigured.SendDueAsync();

        Assert.Equal(new MailPass(0, 0, 0), pass);
        Assert.Equal(0, smtp.ReceivedEmailCount);
        var row = await RowAsync();
        Assert.Equal(("shenhe@example.gov.cn", 0L, (DateTimeOffset?)null, ""), (row.ToAddress, row.Attempts, row.SentAt, row.LastError));
        Assert.Single(log.Lines, line => line.Contains("Mail is off"));
    }
}
