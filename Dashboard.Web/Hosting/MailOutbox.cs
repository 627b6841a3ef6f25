using System.Threading.Channels;
using Dashboard.Data.Changes;
using Dashboard.Data.Inbox;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;

namespace Dashboard.Web.Hosting;

/// <summary>How the connection to the mail server is secured (<c>Notifications:Smtp:Security</c>).</summary>
public enum SmtpSecurity
{
    /// <summary>TLS on connecting for port 465, otherwise STARTTLS when the server offers it (MailKit's Auto).</summary>
    Auto,
    None,
    StartTls,
    SslOnConnect,
}

/// <summary>The office's mail server the notifications go through (section "Notifications:Smtp"; docs/operations.md#mail).</summary>
public sealed class MailOptions
{
    public const string Section = "Notifications:Smtp";

    /// <summary>The mail server; without it (and <see cref="From"/>) no mail leaves.</summary>
    public string Host { get; set; } = "";

    public int Port { get; set; } = 25;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    /// <summary>Signs in to the server when set.</summary>
    public string UserName { get; set; } = "";

    public string Password { get; set; } = "";

    /// <summary>The sender, e.g. <c>法治建设看板 &lt;noreply@example.gov.cn&gt;</c>; without it no mail leaves.</summary>
    public string From { get; set; } = "";

    /// <summary>A mail not sent this many hours after its notification is given up.</summary>
    public double MaxAgeHours { get; set; } = 72;

    /// <summary>How often the outbox is looked at besides after every change of the data (a new notification).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Both a server and a sender are set: mail is on.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(From);

    /// <summary>What is wrong with the settings, naming the setting; null when nothing is.</summary>
    public string? Problem() =>
        Port is < 1 or > 65535 ? $"{Section}:Port must be 1–65535, not {Port}"
        : !(MaxAgeHours > 0) ? $"{Section}:MaxAgeHours must be more than 0, not {MaxAgeHours}"
        : PollInterval <= TimeSpan.Zero ? $"{Section}:PollInterval must be more than 0"
        : !Enum.IsDefined(Security) ? $"{Section}:Security must be None, StartTls or SslOnConnect (or left out)"
        : !string.IsNullOrWhiteSpace(From) && !(MailboxAddress.TryParse(From, out var sender) && sender.Domain.Length > 0)
            ? $"{Section}:From is not an address (name@domain, or a name and <name@domain>): {From}"
        : null;
}

/// <summary>Refuses to start with mail settings that cannot be right, naming the setting (leaving them out is fine: mail is off).</summary>
public sealed class MailOptionsValidation : IValidateOptions<MailOptions>
{
    public ValidateOptionsResult Validate(string? name, MailOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}

/// <summary>What one look at the outbox did.</summary>
public sealed record MailPass(int Sent, int Failed, int GivenUp);

/// <summary>
/// Sends the mail outbox through the office's own mail server (<see cref="MailOptions"/>), and nothing when none is
/// configured: rows then stay unsent. Looks every <see cref="MailOptions.PollInterval"/> and after every change of the
/// data (so a new notification goes within moments); sends what is due, oldest first, as plain UTF-8 text. A mail that
/// fails is tried again after 1 minute, 2, 4 … at most an hour, until it is <see cref="MailOptions.MaxAgeHours"/> old,
/// then given up. Failures are logged; none stops the sender.
/// </summary>
public sealed class MailOutbox(MailQueue queue, DataChanges changes, IOptions<MailOptions> options, TimeProvider clock, ILogger<MailOutbox> logger)
    : BackgroundService
{
    /// <summary>Mails taken at once; each is held for <see cref="Hold"/> while this server sends it.</summary>
    private const int BatchSize = 20;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Longer than a batch can take (each step of each mail times out after <see cref="Timeout"/>).</summary>
    private static readonly TimeSpan Hold = TimeSpan.FromMinutes(15);

    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Raised after every look at the outbox (for tests and anyone waiting on a mail).</summary>
    public event Action<MailPass>? Passed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.IsConfigured)
        {
            // Half the settings is likelier a mistake than a choice.
            var (noHost, noFrom) = (string.IsNullOrWhiteSpace(settings.Host), string.IsNullOrWhiteSpace(settings.From));
            logger.Log(noHost && noFrom ? LogLevel.Information : LogLevel.Warning,
                "Mail is off ({Section}:{Missing} not set): notifications stay in the app, their mails unsent in the outbox",
                MailOptions.Section, noHost && noFrom ? "Host and From are" : noHost ? "Host is" : "From is");
            return;
        }
        logger.LogInformation("Mail is on: notifications are mailed through {Host}:{Port} ({Security}) from {From}",
            settings.Host, settings.Port, settings.Security, settings.From);
        changes.Changed += OnChanged;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await SendDueAsync(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // The database was unreachable, say: the mails stay where they are, for the next look.
                    logger.LogError(e, "Sending the mail outbox failed; trying again in {Interval}", settings.PollInterval);
                }
                await WaitAsync(settings.PollInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            changes.Changed -= OnChanged;
        }
    }

    private void OnChanged(DataChange change) => wake.Writer.TryWrite(true);

    /// <summary>Until the poll interval has passed or the data changed, whichever is first.</summary>
    private async Task WaitAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var delay = Task.Delay(interval, clock, waiting.Token);
        var woken = wake.Reader.WaitToReadAsync(waiting.Token).AsTask();
        await Task.WhenAny(delay, woken);
        await waiting.CancelAsync();
        wake.Reader.TryRead(out _);
        stoppingToken.ThrowIfCancellationRequested();
    }

    /// <summary>
    /// One look at the outbox: gives up what is too old, then sends what is due until nothing is. Does nothing when
    /// mail is not configured.
    /// </summary>
    public async Task<MailPass> SendDueAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        if (!settings.IsConfigured || settings.Problem() is not null)
        {
            return new MailPass(0, 0, 0);
        }
        var maxAge = TimeSpan.FromHours(settings.MaxAgeHours);
        var now = clock.GetUtcNow();
        var givenUp = await queue.GiveUpAsync(now, now - maxAge, $"超过 {settings.MaxAgeHours:0.##} 小时仍未发出。", cancellationToken);
        if (givenUp.Count > 0)
        {
            logger.LogWarning("Gave up {Count} mails not sent within {Hours} hours (mail_outbox ids {Ids})", givenUp.Count, settings.MaxAgeHours, givenUp);
        }
        var (sent, failed) = (0, 0);
        while (true)
        {
            now = clock.GetUtcNow();
            var batch = await queue.TakeDueAsync(now, now - maxAge, now + Hold, BatchSize, cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }
            var (batchSent, batchFailed) = await SendAsync(settings, batch, cancellationToken);
            (sent, failed) = (sent + batchSent, failed + batchFailed);
            if (batchFailed > 0 || batch.Count < BatchSize)
            {
                break;
            }
        }
        var pass = new MailPass(sent, failed, givenUp.Count);
        Passed?.Invoke(pass);
        return pass;
    }

    private async Task<(int Sent, int Failed)> SendAsync(MailOptions settings, IReadOnlyList<OutgoingMail> batch, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(settings.Host, settings.Port, SocketOptions(settings.Security), cancellationToken);
            if (!string.IsNullOrEmpty(settings.UserName))
            {
                await client.AuthenticateAsync(settings.UserName, settings.Password, cancellationToken);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Could not reach the mail server {Host}:{Port}; {Count} mails wait for the next attempt", settings.Host, settings.Port, batch.Count);
            foreach (var mail in batch)
            {
                await FailedAsync(mail, $"无法连接邮件服务器 {settings.Host}:{settings.Port}：{e.Message}", cancellationToken);
            }
            return (0, batch.Count);
        }

        var from = MailboxAddress.Parse(settings.From);
        var (sent, failed) = (0, 0);
        foreach (var mail in batch)
        {
            if (!client.IsConnected)
            {
                // The server dropped the connection at the mail before: the rest are tried again later.
                await FailedAsync(mail, "与邮件服务器的连接已断开。", cancellationToken);
                failed++;
                continue;
            }
            try
            {
                await client.SendAsync(Message(from, mail), cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // The server's words often name the recipient: they go to the mail's row, not to the log.
                logger.LogWarning("Mail {Id} was not sent ({Error})", mail.Id,
                    e is SmtpCommandException refused ? $"{refused.ErrorCode}, {(int)refused.StatusCode}" : e.GetType().Name);
                await FailedAsync(mail, $"发送失败：{e.Message}", cancellationToken);
                failed++;
                continue;
            }
            await queue.SentAsync(mail.Id, clock.GetUtcNow(), cancellationToken);
            sent++;
        }
        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogDebug(e, "Closing the connection to the mail server failed");
        }
        if (sent > 0)
        {
            logger.LogInformation("Sent {Count} mails through {Host}", sent, settings.Host);
        }
        return (sent, failed);
    }

    private async Task FailedAsync(OutgoingMail mail, string error, CancellationToken cancellationToken)
    {
        var next = await queue.FailedAsync(mail, error, clock.GetUtcNow(), cancellationToken);
        logger.LogWarning("Mail {Id} failed (attempt {Attempt}); next attempt at {Next:u}", mail.Id, mail.Attempts + 1, next);
    }

    /// <summary>Plain text in UTF-8, subject and body as the notification says them; marked as sent by a program (no auto-replies).</summary>
    private MimeMessage Message(MailboxAddress from, OutgoingMail mail)
    {
        var message = new MimeMessage { Subject = mail.Subject, Date = clock.GetLocalNow() };
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(mail.ToAddress));
        message.Headers.Add("Auto-Submitted", "auto-generated");
        var body = new TextPart(TextFormat.Plain);
        body.SetText(System.Text.Encoding.UTF8, mail.Body);
        message.Body = body;
        return message;
    }

    private static SecureSocketOptions SocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}
