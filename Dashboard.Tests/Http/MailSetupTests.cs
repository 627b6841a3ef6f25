using System.Net;
using Dashboard.Data;
using Dashboard.Data.Changes;
using Dashboard.Data.Inbox;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using Dashboard.Web.Hosting;
using Dashboard.Web.Security;
using Microsoft.Extensions.DependencyInjection;
using netDumbster.smtp;

namespace Dashboard.Tests.Http;

/// <summary>The mail sender as the app runs it: its settings read from configuration, started with the app.</summary>
public sealed class MailSetupTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TheAppMailsANotificationThroughTheServerItsSettingsName()
    {
        using var smtp = Configuration.Configure().WithAddress(IPAddress.Loopback).WithRandomPort().Build();
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        smtp.MessageReceived += (_, _) => arrived.TrySetResult();
        await using var app = new DashboardApp(settings: new Dictionary<string, string>
        {
            ["Notifications:Smtp:Host"] = "127.0.0.1",
            ["Notifications:Smtp:Port"] = smtp.Configuration.Port.ToString(),
            ["Notifications:Smtp:Security"] = "None",
            ["Notifications:Smtp:From"] = "法治建设看板 <noreply@example.gov.cn>",
            // Only a change of the data may bring the mail at once: the outbox is not looked at otherwise.
            ["Notifications:Smtp:PollInterval"] = "01:00:00",
        });
        var user = await app.AddUserAsync("lingdao", Role.Viewer, "correct-horse-9");
        await app.Services.GetRequiredService<AccountService>().SetEmailAsync("lingdao", "lingdao@example.gov.cn", Actor.System("test"));
        // A commit after the app's first reading of the database is noticed (the sender's first look finds one before it).
        await app.Services.GetRequiredService<DataChanges>().Ready.WaitAsync(Patience);

        var db = app.Services.GetRequiredService<DashboardDb>();
        await using (var connection = await db.OpenAsync())
        await using (var transaction = await connection.BeginWriteAsync())
        {
            await Inbox.SendAsync(transaction, [user.Id], new Notice(NoticeKind.RoundOpened, null, 2025, "2025 年度数据收集已开始", "请于 3 月 31 日前填报。", "/figures/edit"),
                TimeProvider.System.GetUtcNow(), default);
            await transaction.CommitAsync();
        }

        await arrived.Task.WaitAsync(Patience);
        Assert.Equal("lingdao@example.gov.cn", smtp.ReceivedEmail.Single().ToAddresses.Single().Address);
        Assert.Contains(app.Log, line => line.StartsWith("Information: Mail is on") && line.Contains($"127.0.0.1\":{smtp.Configuration.Port}"));
    }

    [Fact]
    public async Task WithoutSettingsTheAppSaysOnceThatMailIsOff()
    {
        await using var app = new DashboardApp();

        var outbox = app.Services.GetRequiredService<MailOutbox>();
        await outbox.ExecuteTask!.WaitAsync(Patience);

        Assert.Single(app.Log, line => line.StartsWith("Information: Mail is off") && line.Contains("Host and From are"));
    }

    [Fact]
    public void SettingsThatCannotBeRightAreRefusedNamingTheSetting()
    {
        var validation = new MailOptionsValidation();

        Assert.True(validation.Validate(null, new MailOptions()).Succeeded);   // nothing set: mail is off
        Assert.StartsWith("Notifications:Smtp:From is not an address",
            validation.Validate(null, new MailOptions { Host = "mail.example.gov.cn", From = "看板 <noreply" }).FailureMessage);
        Assert.StartsWith("Notifications:Smtp:From is not an address", validation.Validate(null, new MailOptions { From = "noreply" }).FailureMessage);
        Assert.Contains("Notifications:Smtp:Port", validation.Validate(null, new MailOptions { Port = 0 }).FailureMessage);
        Assert.Contains("Notifications:Smtp:MaxAgeHours", validation.Validate(null, new MailOptions { MaxAgeHours = 0 }).FailureMessage);
    }
}
