using System.Security.Claims;
using Dashboard.Data.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Security;

public enum SignInStatus { Succeeded, Invalid, Throttled, Disabled }

public sealed record SignInOutcome(SignInStatus Status, User? User = null, Session? Session = null, DateTimeOffset? WaitUntil = null);

/// <summary>
/// Accounts: signing in and out (sessions, slowed-down guessing), creating users, passwords, roles. Passwords are
/// hashed with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>; users, sessions and roles live in the
/// dashboard's own database. What an administrator changes is logged with who did it to whom (users by number).
/// </summary>
public sealed class AccountService(
    UserQueries users, UserCommands commands, SessionStore sessions, SignInThrottle throttle, IPasswordHasher<User> hasher, IOptions<SecurityOptions> options,
    Dashboard.Data.Catalog.CatalogQueries catalog, TimeProvider clock, ILogger<AccountService> logger)
{
    public const string StampClaim = "dashboard:stamp";
    public const string SessionClaim = "dashboard:session";
    /// <summary>The id of the organization the user's role holds for; absent when it holds for every organization.</summary>
    public const string ScopeClaim = "dashboard:scope";

    // A name that matches no user is checked against this, so that a wrong name costs the same work as a wrong password.
    private readonly Lazy<string> unknownUserHash = new(() => hasher.HashPassword(null!, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))));

    public async Task<SignInOutcome> SignInAsync(string userName, string password, string? address, CancellationToken cancellationToken = default)
    {
        var rules = options.Value.Throttle;
        var from = address ?? "";
        var now = clock.GetUtcNow();
        // Waiting attempts are refused unseen, and in the same words whether the name exists or not. An attempt that
        // goes ahead is counted as a failure before the password is checked (taken back if it was right): attempts
        // sent all at once are counted one by one.
        var attempt = await throttle.TryBeginAttemptAsync(userName, from, rules, now, cancellationToken);
        if (!attempt.GoesAhead)
        {
            logger.LogWarning("Sign-in attempt from {Address} refused until {Until}: too many failures", address, attempt.WaitUntil);
            return new SignInOutcome(SignInStatus.Throttled, WaitUntil: attempt.WaitUntil);
        }

        var user = await users.GetUserAsync(userName, cancellationToken);
        var verified = hasher.VerifyHashedPassword(user!, user?.PasswordHash ?? unknownUserHash.Value, password) != PasswordVerificationResult.Failed;
        if (user is null || !verified)
        {
            if (user is null)
            {
                logger.LogWarning("Failed sign-in with a user name that matches no user, from {Address}", address);
            }
            else
            {
                logger.LogWarning("Failed sign-in for user #{UserId} from {Address}", user.Id, address);
            }
            // While the address waits, a wrong password is answered as any waiting attempt is: it says nothing more.
            return attempt.OnlyIfRight ? new SignInOutcome(SignInStatus.Throttled, WaitUntil: attempt.WaitUntil)
                : await throttle.WaitUntilAsync(userName, from, rules, now, cancellationToken) is { } next
                    ? new SignInOutcome(SignInStatus.Throttled, WaitUntil: next)
                    : new SignInOutcome(SignInStatus.Invalid);
        }
        await throttle.SucceededAsync(userName, from, cancellationToken);
        if (user.Disabled)
        {
            logger.LogWarning("Sign-in refused for disabled user #{UserId} from {Address}", user.Id, address);
            return new SignInOutcome(SignInStatus.Disabled);
        }

        var session = await sessions.StartAsync(user.Id, now + options.Value.AbsoluteSessionLifetime, cancellationToken);
        logger.LogInformation("User #{UserId} signed in from {Address}", user.Id, address);
        return new SignInOutcome(SignInStatus.Succeeded, user, session);
    }

    /// <summary>Ends the session a principal belongs to: its cookie is worth nothing afterwards, wherever a copy is.</summary>
    public async Task SignOutAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        if (principal.FindFirstValue(SessionClaim) is { } session)
        {
            await sessions.EndAsync(session, cancellationToken);
            logger.LogInformation("{User} signed out", await DescribeAsync(principal.ToActor(), cancellationToken));
        }
    }

    /// <summary>The reason a user name cannot be used, in the words the form shows; null when it can.</summary>
    public static string? CheckUserName(string? userName) => UserNames.Problem(userName);

    /// <summary>
    /// The reason a password cannot be used for this user, in the words the form shows; null when it can. The
    /// install's organization names and codes are among the words a guesser tries.
    /// </summary>
    public async Task<string?> CheckPasswordAsync(string? password, string? userName, CancellationToken cancellationToken = default)
    {
        var organizations = await catalog.GetOrganizationsAsync(cancellationToken);
        return PasswordRules.Problem(password, userName, organizations.SelectMany(o => new[] { o.Code, o.Name }));
    }

    /// <exception cref="ArgumentException">The name or password is not acceptable (the message says why, in Chinese).</exception>
    public async Task<User> CreateUserAsync(string userName, Role role, string password, Actor actor, long? organizationId = null, CancellationToken cancellationToken = default)
    {
        if ((CheckUserName(userName) ?? await CheckPasswordAsync(password, userName, cancellationToken)) is { } problem)
        {
            throw new ArgumentException(problem);
        }
        var user = await commands.AddUserAsync(userName, role, hasher.HashPassword(null!, password), actor, organizationId, cancellationToken);
        logger.LogInformation("User #{UserId} added with role {Role} for organization {Organization} by {Actor}", user.Id, role, organizationId?.ToString() ?? "*", await DescribeAsync(actor, cancellationToken));
        return user;
    }

    /// <summary>An administrator resets a password (or the program does, from the command line). Ends the user's sessions.</summary>
    /// <exception cref="ArgumentException">The password is not acceptable.</exception>
    public async Task SetPasswordAsync(string userName, string password, Actor actor, CancellationToken cancellationToken = default)
    {
        if (await CheckPasswordAsync(password, userName, cancellationToken) is { } problem)
        {
            throw new ArgumentException(problem);
        }
        await commands.SetPasswordAsync(userName, hasher.HashPassword(null!, password), actor, cancellationToken);
        logger.LogInformation("Password of {User} set by {Actor}", await DescribeAsync(userName, cancellationToken), await DescribeAsync(actor, cancellationToken));
    }

    /// <summary>A signed-in user changes their own password, proving the current one. Ends their other sessions.</summary>
    /// <exception cref="ArgumentException">The current password is wrong, or the new one is not acceptable.</exception>
    public async Task ChangeOwnPasswordAsync(Actor actor, string currentPassword, string newPassword, CancellationToken cancellationToken = default)
    {
        var user = actor.IsSignedIn ? await users.GetUserAsync(actor.UserName, cancellationToken) : null;
        if (user is null || hasher.VerifyHashedPassword(user, user.PasswordHash, currentPassword) == PasswordVerificationResult.Failed)
        {
            throw new ArgumentException("当前密码不正确。");
        }
        if (newPassword == currentPassword)
        {
            throw new ArgumentException("新密码不能与当前密码相同。");
        }
        await SetPasswordAsync(user.UserName, newPassword, actor, cancellationToken);
    }

    /// <summary>Ends the actor's sessions everywhere but this one (see <see cref="UserCommands.EndOtherSessionsAsync"/>).</summary>
    public async Task EndOtherSessionsAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        await commands.EndOtherSessionsAsync(actor, cancellationToken);
        logger.LogInformation("{User} signed out everywhere else", await DescribeAsync(actor, cancellationToken));
    }

    /// <summary>
    /// Sets where <paramref name="userName"/>'s notifications are mailed (empty: in the app only): a user their own, an
    /// administrator anyone's. Returns the address as stored. The log names who and whose, never the address.
    /// </summary>
    /// <exception cref="ArgumentException">The address is not acceptable (the message says why, in Chinese).</exception>
    public async Task<string> SetEmailAsync(string userName, string email, Actor actor, CancellationToken cancellationToken = default)
    {
        var stored = await commands.SetEmailAsync(userName, email, actor, cancellationToken);
        logger.LogInformation("Notification address of {User} {Change} by {Actor}", await DescribeAsync(userName, cancellationToken),
            stored.Length == 0 ? "removed" : "set", await DescribeAsync(actor, cancellationToken));
        return stored;
    }

    /// <summary>Gives the user <paramref name="role"/> for an organization and everything under it (null: every organization). Ends their sessions.</summary>
    public async Task SetRoleAsync(string userName, Role role, Actor actor, long? organizationId = null, CancellationToken cancellationToken = default)
    {
        await commands.SetRoleAsync(userName, role, actor, organizationId, cancellationToken);
        logger.LogInformation("Role of {User} changed to {Role} for organization {Organization} by {Actor}", await DescribeAsync(userName, cancellationToken), role,
            organizationId?.ToString() ?? "*", await DescribeAsync(actor, cancellationToken));
    }

    public async Task SetDisabledAsync(string userName, bool disabled, Actor actor, CancellationToken cancellationToken = default)
    {
        await commands.SetDisabledAsync(userName, disabled, actor, cancellationToken);
        logger.LogInformation("{User} {Change} by {Actor}", await DescribeAsync(userName, cancellationToken), disabled ? "disabled" : "enabled", await DescribeAsync(actor, cancellationToken));
    }

    /// <summary>Lets a user whose name is being guessed sign in again at once. Returns whether anything was waiting.</summary>
    public async Task<bool> UnlockAsync(string userName, Actor actor, CancellationToken cancellationToken = default)
    {
        var removed = await throttle.UnlockAsync(userName, actor, clock.GetUtcNow(), cancellationToken);
        logger.LogInformation("Sign-in failures of {User} cleared by {Actor}", await DescribeAsync(userName, cancellationToken), await DescribeAsync(actor, cancellationToken));
        return removed > 0;
    }

    /// <summary>Lets everyone behind <paramref name="address"/> sign in again at once; false when it was not waiting.</summary>
    public async Task<bool> UnlockAddressAsync(string address, Actor actor, CancellationToken cancellationToken = default)
    {
        var removed = await throttle.UnlockAddressAsync(address, actor, clock.GetUtcNow(), cancellationToken);
        logger.LogInformation("Sign-in failures from {Address} cleared by {Actor}", address, await DescribeAsync(actor, cancellationToken));
        return removed > 0;
    }

    /// <summary>The addresses whose sign-ins wait now, and until when, for the administrators' page.</summary>
    public Task<IReadOnlyList<(string Address, DateTimeOffset Until)>> WaitingAddressesAsync(CancellationToken cancellationToken = default) =>
        throttle.WaitingAddressesAsync(options.Value.Throttle, clock.GetUtcNow(), cancellationToken);

    /// <summary>Until when sign-ins with this name wait (from some address), for the administrators' page.</summary>
    public Task<DateTimeOffset?> SignInWaitAsync(string userName, CancellationToken cancellationToken = default) =>
        throttle.LatestWaitAsync(userName, options.Value.Throttle, clock.GetUtcNow(), cancellationToken);

    /// <summary>Who did it, for the log: a user's number, or the program's own name for itself — never a user name.</summary>
    private async Task<string> DescribeAsync(Actor actor, CancellationToken cancellationToken) =>
        actor.IsSystem ? actor.UserName : await DescribeAsync(actor.UserName, cancellationToken);

    private async Task<string> DescribeAsync(string userName, CancellationToken cancellationToken) =>
        (await users.GetUserAsync(userName, cancellationToken)) is { } user ? $"user #{user.Id}" : "an unknown user";

    public static ClaimsPrincipal PrincipalFor(User user, Session session, string authenticationType) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, user.UserName),
            new Claim(ClaimTypes.Role, user.Role.ToString()),
            new Claim(StampClaim, user.SecurityStamp),
            new Claim(SessionClaim, session.Id),
            .. user.OrganizationId is { } scope ? [new Claim(ScopeClaim, scope.ToString(System.Globalization.CultureInfo.InvariantCulture))] : Array.Empty<Claim>(),
        ],
        authenticationType, ClaimTypes.Name, ClaimTypes.Role));

    /// <summary>
    /// Whether a signed-in principal still stands: the user exists, is enabled, has the role and stamp it signed in
    /// with, and its session is open (not signed out, not past its absolute lifetime). One query.
    /// </summary>
    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return true;
        }
        var (user, session) = await users.GetSignedInAsync(principal.Identity.Name ?? "", principal.FindFirstValue(SessionClaim) ?? "", cancellationToken);
        return user is { Disabled: false } && user.SecurityStamp == principal.FindFirstValue(StampClaim)
               && user.Role.ToString() == principal.FindFirstValue(ClaimTypes.Role)
               && user.OrganizationId?.ToString(System.Globalization.CultureInfo.InvariantCulture) == principal.FindFirstValue(ScopeClaim)
               && session is not null && session.IsOpenAt(clock.GetUtcNow());
    }
}
