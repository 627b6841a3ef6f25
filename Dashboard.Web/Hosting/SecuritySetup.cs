using Dashboard.Data.Users;
using Dashboard.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Hosting;

public static class SecuritySetup
{
    public static IServiceCollection AddDashboardSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SecurityOptions>(configuration.GetSection(SecurityOptions.Section));
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddSingleton<UserQueries>();
        services.AddSingleton<UserCommands>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<AccountService>();

        // Keys in the data folder: sign-ins survive a restart. At rest they are readable by the service user only
        // (FilePrivacy: 0600 in a 0700 folder); on Windows they are also encrypted with DPAPI for that user. They go into
        // backups only when asked (Backup:IncludeKeys): whoever holds the keys can mint anyone's session.
        var dataProtection = services.AddDataProtection().SetApplicationName("Dashboard");
        if (OperatingSystem.IsWindows())
        {
            dataProtection.ProtectKeysWithDpapi();
        }
        // On PostgreSQL the keys live in the database, shared by every app server (DatabaseKeyRepository).
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(options =>
            options.XmlRepository = sp.GetRequiredService<DataPaths>().Postgres is not null
                ? new DatabaseKeyRepository(sp.GetRequiredService<Dashboard.Data.DashboardDb>())
                : new FileSystemXmlRepository(
                    new DirectoryInfo(Path.Combine(sp.GetRequiredService<DataPaths>().DataFolder, "keys")), sp.GetRequiredService<ILoggerFactory>())));

        // Forms' antiforgery cookie: Secure whenever the request came over HTTPS (directly or via the proxy), like the sign-in cookie.
        services.AddAntiforgery(options => options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(options =>
        {
            options.Cookie.Name = "dashboard.auth";
            options.Cookie.HttpOnly = true;
            // Strict: no other site's page or link carries the session along (the live connection checks Origin too).
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.SlidingExpiration = true;
            options.LoginPath = "/account/signin";
            options.AccessDeniedPath = "/account/denied";
            options.Events.OnValidatePrincipal = async context =>
            {
                // Signing out, a password change, role change or disable, and the session's absolute lifetime end a
                // session at its next request.
                var accounts = context.HttpContext.RequestServices.GetRequiredService<AccountService>();
                if (context.Principal is null || !await accounts.IsCurrentAsync(context.Principal, context.HttpContext.RequestAborted))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                }
            };
        });
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<SecurityOptions>>((cookie, security) => cookie.ExpireTimeSpan = security.Value.IdleTimeout);

        services.AddAuthorization(options => options.AddDashboardPolicies());
        services.AddSingleton<IAuthorizationHandler, Policies.Handler>();
        // With RequireSignInToView, everything not marked [AllowAnonymous] needs a signed-in user.
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<SecurityOptions>>((authorization, security) =>
        {
            if (security.Value.RequireSignInToView)
            {
                authorization.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            }
        });
        services.AddCascadingAuthenticationState();
        services.AddSingleton<AccountChanges>();
        services.AddSingleton<LiveConnectionGuard>();
        services.AddScoped<AuthenticationStateProvider, LiveAuthenticationStateProvider>();
        services.AddScoped<CircuitActivity>();
        return services;
    }
}
