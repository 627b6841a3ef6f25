using Dashboard.Data;
using Dashboard.Data.Schema;
using Dashboard.Data.Users;
using Dashboard.Web.Security;

namespace Dashboard.Web.Hosting;

/// <summary>
/// Accounts from the server's command line, without the web UI — how the first administrator comes to exist, and how
/// an administrator who forgot their password or is being kept out gets back in:
/// <c>user add NAME --role admin</c>, <c>user passwd NAME</c>, <c>user unlock NAME</c>. A password is asked for twice
/// on a terminal, or read as the first line of standard input when that is redirected (for scripts). There is no
/// default password. They may run while the app runs (the database allows a second writer).
/// </summary>
public static class UserCommandLine
{
    public const string Usage = """
        用法：user add 用户名 --role admin|reviewer|editor|viewer [--org 单位代码]
                                                        添加用户（密码在提示时输入，或从标准输入读取一行）；
                                                        有 --org 时角色只对该单位（及其下属单位）有效，否则对全部单位有效
              user role 用户名 --role admin|reviewer|editor|viewer [--org 单位代码]
                                                        更改角色及其适用的单位（结束该用户所有已登录的会话）
              user passwd 用户名                        重设密码（结束该用户所有已登录的会话）
              user unlock 用户名                        解除因多次登录失败而受到的登录限制
              user unlock --address 地址                解除某个地址（如单位的出口 IP）因多次登录失败而受到的限制
        """;

    private static readonly Actor CommandLine = Actor.System("command-line");

    public static bool Handles(string[] args) => args is ["user", ..];

    public static async Task<int> RunAsync(string[] args, IServiceProvider services)
    {
        var accounts = services.GetRequiredService<AccountService>();
        try
        {
            await SchemaMigrator.MigrateAsync(services.GetRequiredService<DashboardDb>());
            // The seed's organizations exist before the app first starts: `user add … --org luoxing` on a fresh install.
            await services.GetRequiredService<Dashboard.Data.Seeding.Seeder>().SeedAsync(
                Dashboard.Data.Seeding.SeedData.Load(services.GetRequiredService<DataPaths>().SeedFolder));
            switch (args)
            {
                case ["user", "add", var userName, "--role", var roleName, .. var rest] when Enum.TryParse<Role>(roleName, ignoreCase: true, out var role) && Enum.IsDefined(role)
                                                                                  && rest is [] or ["--org", _]:
                {
                    var scope = await ScopeAsync(services, rest);
                    if (scope is { Known: false }) return 2;
                    if (AccountService.CheckUserName(userName) is { } nameProblem)
                    {
                        Console.Error.WriteLine(nameProblem);
                        return 2;
                    }
                    if (await ReadNewPasswordAsync(accounts, userName) is not { } password) return 2;
                    var user = await accounts.CreateUserAsync(userName, role, password, CommandLine, scope.Id);
                    Console.WriteLine($"已添加用户 {user.UserName}（{Dashboard.Web.Components.Labels.Of(user.Role)}，{scope.Name}）。");
                    return 0;
                }
                case ["user", "role", var userName, "--role", var roleName, .. var rest] when Enum.TryParse<Role>(roleName, ignoreCase: true, out var role) && Enum.IsDefined(role)
                                                                                   && rest is [] or ["--org", _]:
                {
                    var scope = await ScopeAsync(services, rest);
                    if (scope is { Known: false }) return 2;
                    await accounts.SetRoleAsync(userName, role, CommandLine, scope.Id);
                    Console.WriteLine($"{UserNames.Normalize(userName)} 现为{Dashboard.Web.Components.Labels.Of(role)}（{scope.Name}）；其已登录的会话均已结束。");
                    return 0;
                }
                case ["user", "passwd", var userName]:
                {
                    if (await services.GetRequiredService<UserQueries>().GetUserAsync(userName) is null)
                    {
                        Console.Error.WriteLine($"没有名为“{UserNames.Normalize(userName)}”的用户。");
                        return 2;
                    }
                    if (await ReadNewPasswordAsync(accounts, userName) is not { } password) return 2;
                    await accounts.SetPasswordAsync(userName, password, CommandLine);
                    Console.WriteLine($"已重设 {UserNames.Normalize(userName)} 的密码；其已登录的会话均已结束。");
                    return 0;
                }
                case ["user", "unlock", "--address", var address]:
                {
                    var cleared = await accounts.UnlockAddressAsync(address.Trim(), CommandLine);
                    Console.WriteLine(cleared
                        ? $"已解除来自 {address.Trim()} 的登录限制，该地址的所有用户现在即可登录。"
                        : $"来自 {address.Trim()} 的登录目前没有限制。");
                    return 0;
                }
                case ["user", "unlock", var userName]:
                {
                    var cleared = await accounts.UnlockAsync(userName, CommandLine);
                    Console.WriteLine(cleared
                        ? $"已解除 {UserNames.Normalize(userName)} 的登录限制，现在即可登录。"
                        : $"{UserNames.Normalize(userName)} 目前没有登录限制。");
                    return 0;
                }
                default:
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or DatabaseUnavailableException or Dashboard.Data.Seeding.SeedDataException)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
    }

    /// <summary>The organization of <c>--org CODE</c> (all of them without it); unknown codes are said.</summary>
    private static async Task<(bool Known, long? Id, string Name)> ScopeAsync(IServiceProvider services, string[] rest)
    {
        if (rest is not ["--org", var code])
        {
            return (true, null, "全部单位");
        }
        var organization = await services.GetRequiredService<Dashboard.Data.Catalog.CatalogQueries>().GetOrganizationAsync(code);
        if (organization is null)
        {
            Console.Error.WriteLine($"没有代码为“{code}”的单位。");
            return (false, null, "");
        }
        return (true, organization.Id, organization.Name);
    }

    /// <summary>A new password for the user, asked for (or read) and checked; null (and the reason said) when unusable.</summary>
    private static async Task<string?> ReadNewPasswordAsync(AccountService accounts, string userName)
    {
        var password = ReadPassword();
        if (password is null)
        {
            Console.Error.WriteLine("两次输入的密码不一致。");
            return null;
        }
        if (await accounts.CheckPasswordAsync(password, userName) is { } problem)
        {
            Console.Error.WriteLine(problem);
            return null;
        }
        return password;
    }

    /// <summary>The password from redirected input, or typed twice without echo; null when the two differ.</summary>
    private static string? ReadPassword()
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine() ?? "";
        }
        var first = Prompt("密码：");
        var second = Prompt("再次输入密码：");
        return first == second ? first : null;
    }

    private static string Prompt(string label)
    {
        Console.Write(label);
        var typed = new System.Text.StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                if (typed.Length > 0) typed.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }
        Console.WriteLine();
        return typed.ToString();
    }
}
