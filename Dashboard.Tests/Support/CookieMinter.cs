using Dashboard.Data.Users;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;

namespace Dashboard.Tests.Support;

/// <summary>
/// What an attacker does with a copy of the sign-in keys and of the users table: protects a sign-in ticket for any
/// user with those keys, exactly as the app's cookie handler would, and presents it as the sign-in cookie.
/// </summary>
public static class CookieMinter
{
    public static string Mint(string keysFolder, User user, Session session)
    {
        var scheme = CookieAuthenticationDefaults.AuthenticationScheme;
        var provider = DataProtectionProvider.Create(new DirectoryInfo(keysFolder), builder => builder.SetApplicationName("Dashboard"));
        var protector = provider.CreateProtector("Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware", scheme, "v2");
        var principal = AccountService.PrincipalFor(user, session, scheme);
        var now = DateTimeOffset.UtcNow;
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now.AddHours(1) }, scheme);
        return "dashboard.auth=" + new TicketDataFormat(protector).Protect(ticket);
    }
}
