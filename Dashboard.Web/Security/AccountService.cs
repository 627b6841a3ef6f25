using System.Security.Claims;
using Dashboard.Data.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Security;

public enum SignInStatus { Succeeded, Invalid, LockedOut, Disabled }

public sealed record SignInOutcome(SignInStatus Status, User? User = null, DateTimeOffset? LockedUntil = null);

/// <summary>
/// Accounts: signing in (with lockout), creating users, passwords. Passwords are hashed with ASP.NET Core
/// Identity's <see cref="PasswordHasher{TUser}"/>; users and roles live in the dashboard's own database.
/// </summary>
public sealed class AccountService(
    UserQueries users, UserCommands commands, IPasswordHasher<User> hasher, IOptions<SecurityOptions> options,
    TimeProvider clock, ILogger<AccountService> logger)
{
    public const string StampClaim = "dashboard:stamp";

    private static readonly Actor Bookkeeper = Actor.System("sign-in");

    public async Task<SignInOutcome> SignInAsync(string userName, string password, string? address, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var user = await users.GetUserAsync(userName.Trim(), cancellationToken);
        if (user is null)
        {
            logger.LogWarning("Failed sign-in with a user name that matches no user, from {Address}", address);
            return new SignInOutcome(SignInStatus.Invalid);
        }
        if (user.LockedUntil is { } until && until > clock.GetUtcNow())
        {
            logger.LogWarning("Sign-in refused for locked user #{UserId} from {Address} (locked until {Until})", user.Id, address, until);
            return new SignInOutcome(SignInStatus.LockedOut, LockedUntil: until);
        }
        if (hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            await commands.RecordFailedSignInAsync(user.UserName, settings.MaxFailedSignIns, settings.LockoutDuration, Bookkeeper, cancellationToken);
            logger.LogWarning("Failed sign-in for user #{UserId} from {Address} (attempt {Attempt})", user.Id, address, user.FailedAttempts + 1);
            return user.FailedAttempts + 1 >= settings.MaxFailedSignIns
                ? new SignInOutcome(SignInStatus.LockedOut, LockedUntil: clock.GetUtcNow() + settings.LockoutDuration)
                : new SignInOutcome(SignInStatus.Invalid);
        }
        if (user.Disabled)
        {
            logger.LogWarning("Sign-in refused for disabled user #{UserId} from {Address}", user.Id, address);
            return new SignInOutcome(SignInStatus.Disabled);
        }

        await commands.RecordSuccessfulSignInAsync(user.UserName, Bookkeeper, cancellationToken);
        logger.LogInformation("User #{UserId} signed in from {Address}", user.Id, address);
        return new SignInOutcome(SignInStatus.Succeeded, user);
    }

    /// <summary>The reason a user name cannot be used, in the words the form shows; null when it can.</summary>
    public static string? CheckUserName(string? userName) => userName?.Trim() switch
    {
        null or "" => "请输入用户名。",
        { Length: > 64 } => "用户名不能超过 64 个字符。",
        var name when name.Any(char.IsControl) || name.Any(char.IsWhiteSpace) => "用户名不能包含空格或控制字符。",
        _ => null,
    };

    /// <summary>The reason a password cannot be used, in the words the form shows; null when it can.</summary>
    public static string? CheckPassword(string? password) => password switch
    {
        null or "" => "请输入密码。",
        { Length: < SecurityOptions.MinimumPasswordLength } => $"密码至少需要 {SecurityOptions.MinimumPasswordLength} 个字符。",
        { Length: > 256 } => "密码不能超过 256 个字符。",
        _ => null,
    };

    /// <exception cref="ArgumentException">The name or password is not acceptable (the message says why, in Chinese).</exception>
    public async Task<User> CreateUserAsync(string userName, Role role, string password, Actor actor, CancellationToken cancellationToken = default)
    {
        if ((CheckUserName(userName) ?? CheckPassword(password)) is { } problem)
        {
            throw new ArgumentException(problem);
        }
        var hash = hasher.HashPassword(null!, password);
        var user = await commands.AddUserAsync(userName.Trim(), role, hash, actor, cancellationToken);
        logger.LogInformation("User #{UserId} added with role {Role} by {Actor}", user.Id, role, await DescribeAsync(actor, cancellationToken));
        return user;
    }

    /// <exception cref="ArgumentException">The password is not acceptable.</exception>
    public async Task SetPasswordAsync(string userName, string password, Actor actor, CancellationToken cancellationToken = default)
    {
        if (CheckPassword(password) is { } problem)
        {
            throw new ArgumentException(problem);
        }
        await commands.SetPasswordAsync(userName, hasher.HashPassword(null!, password), actor, cancellationToken);
        logger.LogInformation("Password of user #{UserId} set by {Actor}", (await users.GetUserAsync(userName, cancellationToken))?.Id, await DescribeAsync(actor, cancellationToken));
    }

    /// <summary>Who did it, for the log: a user's number, or the program's own name for itself — never a user name.</summary>
    private async Task<string> DescribeAsync(Actor actor, CancellationToken cancellationToken) =>
        actor.IsSystem ? actor.UserName
        : (await users.GetUserAsync(actor.UserName, cancellationToken)) is { } user ? $"user #{user.Id}"
        : "an unknown user";

    public static ClaimsPrincipal PrincipalFor(User user, string authenticationType) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, user.UserName),
            new Claim(ClaimTypes.Role, user.Role.ToString()),
            new Claim(StampClaim, user.SecurityStamp),
        ],
        authenticationType, ClaimTypes.Name, ClaimTypes.Role));

    /// <summary>Whether a signed-in principal still stands: the user exists, is enabled, and nothing ended the session.</summary>
    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return true;
        }
        var user = await users.GetUserAsync(principal.Identity.Name ?? "", cancellationToken);
        return user is { Disabled: false } && user.SecurityStamp == principal.FindFirstValue(StampClaim)
               && user.Role.ToString() == principal.FindFirstValue(ClaimTypes.Role);
    }
}
