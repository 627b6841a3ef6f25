using Dashboard.Data;
using Dashboard.Data.Schema;
using Dashboard.Data.Users;
using Dashboard.Web.Security;

namespace Dashboard.Web.Hosting;

/// <summary>
/// <c>dotnet run --project Dashboard.Web -- user add NAME --role admin</c>: creates a user without the web UI —
/// how the first administrator comes to exist. The password is asked for twice on a terminal, or read as the
/// first line of standard input when that is redirected (for scripts). There is no default password.
/// </summary>
public static class UserCommandLine
{
    public const string Usage = "用法：user add 用户名 --role admin|editor|viewer   （密码在提示时输入，或从标准输入读取一行）";

    public static bool Handles(string[] args) => args is ["user", ..];

    public static async Task<int> RunAsync(string[] args, IServiceProvider services)
    {
        if (args is not ["user", "add", var userName, "--role", var roleName] || !Enum.TryParse<Role>(roleName, ignoreCase: true, out var role))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        if (AccountService.CheckUserName(userName) is { } nameProblem)
        {
            Console.Error.WriteLine(nameProblem);
            return 2;
        }

        var password = ReadPassword();
        if (password is null)
        {
            Console.Error.WriteLine("两次输入的密码不一致。");
            return 2;
        }
        if (AccountService.CheckPassword(password) is { } passwordProblem)
        {
            Console.Error.WriteLine(passwordProblem);
            return 2;
        }

        try
        {
            await SchemaMigrator.MigrateAsync(services.GetRequiredService<DashboardDb>());
            var user = await services.GetRequiredService<AccountService>().CreateUserAsync(userName, role, password, Actor.System("command-line"));
            Console.WriteLine($"已添加用户 {user.UserName}（{Dashboard.Web.Components.Labels.Of(user.Role)}）。");
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or DatabaseUnavailableException)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
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
