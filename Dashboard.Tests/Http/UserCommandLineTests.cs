using System.Diagnostics;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Http;

/// <summary>The first administrator comes from the command line; these run the real program as a process.</summary>
public sealed class UserCommandLineTests
{
    [Fact]
    public async Task UserAddCreatesAnAdministratorWithThePasswordFromStandardInput()
    {
        await using var database = TempDatabase.CreateEmpty();

        var (exit, output, _) = await RunAsync(database.Folder, "quiet-river-lantern-42\n", "user", "add", "admin", "--role", "admin");

        Assert.Equal(0, exit);
        Assert.Contains("已添加用户 admin（管理员，全部单位）", output);
        var user = (await new UserQueries(database.Db).GetUserAsync("admin"))!;
        Assert.Equal(Role.Admin, user.Role);
        Assert.DoesNotContain("quiet-river-lantern-42", user.PasswordHash);
    }

    [Fact]
    public async Task UserAddWithAnOrganizationGivesTheRoleForThatOrganizationOnlyOnAFreshInstall()
    {
        await using var database = TempDatabase.CreateEmpty();

        var (exit, output, _) = await RunAsync(database.Folder, "quiet-river-lantern-42\n", "user", "add", "clerk", "--role", "editor", "--org", "luoxing");
        var (unknownExit, _, unknownError) = await RunAsync(database.Folder, "quiet-river-lantern-42\n", "user", "add", "other", "--role", "editor", "--org", "nowhere");
        var (roleExit, roleOutput, _) = await RunAsync(database.Folder, "", "user", "role", "clerk", "--role", "viewer");

        Assert.Equal(0, exit);
        Assert.Contains("已添加用户 clerk（编辑者（工作人员），罗星街道）", output);
        Assert.Equal(2, unknownExit);
        Assert.Contains("没有代码为“nowhere”的单位。", unknownError);
        Assert.Null(await new UserQueries(database.Db).GetUserAsync("other"));
        Assert.Equal(0, roleExit);
        Assert.Contains("clerk 现为查看者（领导）（全部单位）", roleOutput);
        var clerk = (await new UserQueries(database.Db).GetUserAsync("clerk"))!;
        Assert.Equal((Role.Viewer, (long?)null), (clerk.Role, clerk.OrganizationId));
    }

    [Fact]
    public async Task UserAddRefusesAShortPasswordAndCreatesNothing()
    {
        await using var database = TempDatabase.CreateEmpty();

        var (exit, _, error) = await RunAsync(database.Folder, "short\n", "user", "add", "admin", "--role", "admin");

        Assert.Equal(2, exit);
        Assert.Contains("密码至少需要 10 个字符", error);
        Assert.False(File.Exists(database.Db.DatabasePath) && (await new UserQueries(database.Db).GetUsersAsync()).Count > 0);
    }

    [Fact]
    public async Task UserAddRefusesAnExistingName()
    {
        await using var database = TempDatabase.CreateEmpty();
        await RunAsync(database.Folder, "quiet-river-lantern-42\n", "user", "add", "wang", "--role", "editor");

        var (exit, _, error) = await RunAsync(database.Folder, "violet-harbor-window-8\n", "user", "add", "wang", "--role", "admin");

        Assert.Equal(2, exit);
        Assert.Contains("用户名“wang”已存在", error);
        Assert.Equal(Role.Editor, (await new UserQueries(database.Db).GetUserAsync("wang"))!.Role);
    }

    [Fact]
    public async Task AnUnknownRoleShowsTheUsage()
    {
        await using var database = TempDatabase.CreateEmpty();

        var (exit, _, error) = await RunAsync(database.Folder, "quiet-river-lantern-42\n", "user", "add", "wang", "--role", "boss");

        Assert.Equal(2, exit);
        Assert.Contains("用法：user add", error);
    }

    [Theory]
    [InlineData("1234567890", "这个密码太常见")]
    [InlineData("Password123", "这个密码太常见")]
    [InlineData("abcdefghijk", "这个密码太常见")]
    [InlineData("wang-secret-wang", "密码不能包含用户名")]
    // The penetration test's: a word twice, digits twice, the organization's code with a year.
    [InlineData("adminadmin", "很容易被猜到")]
    [InlineData("123456123456", "很容易被猜到")]
    [InlineData("passwordpassword", "很容易被猜到")]
    [InlineData("abc123abc123", "很容易被猜到")]
    [InlineData("Luoxing@2024", "很容易被猜到")]
    public async Task UserAddRefusesAPasswordEasyToGuess(string password, string message)
    {
        await using var database = TempDatabase.CreateEmpty();

        var (exit, _, error) = await RunAsync(database.Folder, password + "\n", "user", "add", "wang", "--role", "admin");

        Assert.Equal(2, exit);
        Assert.Contains(message, error);
    }

    [Fact]
    public async Task UserPasswdSetsANewPasswordAndEndsTheUsersSessions()
    {
        await using var database = TempDatabase.CreateEmpty();
        await RunAsync(database.Folder, "quiet-river-lantern-42\n", "user", "add", "wang", "--role", "admin");
        var signedIn = await Actors.SignInAsync(database.Db, "wang", Role.Admin);

        var (exit, output, _) = await RunAsync(database.Folder, "a-brand-new-secret\n", "user", "passwd", "wang");

        Assert.Equal(0, exit);
        Assert.Contains("已重设 wang 的密码", output);
        var user = (await new UserQueries(database.Db).GetUserAsync("wang"))!;
        Assert.Equal(Microsoft.AspNetCore.Identity.PasswordVerificationResult.Success,
            new Microsoft.AspNetCore.Identity.PasswordHasher<User>().VerifyHashedPassword(user, user.PasswordHash, "a-brand-new-secret"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => new UserCommands(database.Db, TimeProvider.System).SetRoleAsync("wang", Role.Admin, signedIn));
    }

    [Fact]
    public async Task UserUnlockLetsAUserKeptOutByGuessesSignInAtOnce()
    {
        await using var database = TempDatabase.CreateEmpty();
        await RunAsync(database.Folder, "quiet-river-lantern-42\n", "user", "add", "wang", "--role", "admin");
        var throttle = new SignInThrottle(database.Db);
        var rules = new ThrottleRules(5, 20, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(15));
        for (var i = 0; i < 8; i++) await throttle.RecordFailureAsync("wang", "10.0.0.9", rules, DateTimeOffset.UtcNow);
        Assert.NotNull(await throttle.WaitUntilAsync("wang", "10.0.0.9", rules, DateTimeOffset.UtcNow));

        var (exit, output, _) = await RunAsync(database.Folder, "", "user", "unlock", "wang");

        Assert.Equal(0, exit);
        Assert.Contains("已解除 wang 的登录限制", output);
        Assert.Null(await throttle.WaitUntilAsync("wang", "10.0.0.9", rules, DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task UnlockWithAnAddressLetsEveryoneBehindItSignInAgain()
    {
        await using var database = TempDatabase.CreateEmpty();
        await RunAsync(database.Folder, "quiet-river-lantern-42\n", "user", "add", "wang", "--role", "admin");
        var throttle = new SignInThrottle(database.Db);
        var rules = new ThrottleRules(5, 20, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(15));
        for (var i = 0; i < 21; i++) await throttle.RecordFailureAsync($"guess-{i}", "10.0.0.9", rules, DateTimeOffset.UtcNow);
        Assert.NotNull(await throttle.WaitUntilAsync("wang", "10.0.0.9", rules, DateTimeOffset.UtcNow));

        var (exit, output, _) = await RunAsync(database.Folder, "", "user", "unlock", "--address", "10.0.0.9");

        Assert.Equal(0, exit);
        Assert.Contains("已解除来自 10.0.0.9 的登录限制", output);
        Assert.Null(await throttle.WaitUntilAsync("wang", "10.0.0.9", rules, DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task ExtractPrintsTheProposedFiguresOfAReportAsJson()
    {
        await using var database = TempDatabase.CreateEmpty();
        var report = Path.Combine(database.Folder, "报告.txt");
        // GBK, as a report saved by Notepad on a Chinese Windows.
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        await File.WriteAllBytesAsync(report, System.Text.Encoding.GetEncoding("GB18030").GetBytes("2024年，全年调处矛盾纠纷892件，发放普法资料837余份。"));

        var (exit, output, _) = await RunAsync(database.Folder, "", "extract", report, "--json");
        var (junkExit, _, junkError) = await RunAsync(database.Folder, "", "extract", Path.Combine(database.Folder, "nowhere.txt"));

        Assert.Equal(0, exit);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var figures = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, figures.Count);
        Assert.Equal((892m, "件", "disputes_mediated"), (figures[0].GetProperty("value").GetDecimal(), figures[0].GetProperty("unit").GetString(), figures[0].GetProperty("indicator").GetString()));
        Assert.Equal(("837余份", "MoreThan", "legal_outreach_materials"), (figures[1].GetProperty("raw").GetString(), figures[1].GetProperty("qualifier").GetString(), figures[1].GetProperty("indicator").GetString()));
        Assert.Equal("2024年，全年调处矛盾纠纷892件，发放普法资料837余份。".IndexOf("837", StringComparison.Ordinal), figures[1].GetProperty("start").GetInt32());
        Assert.Equal("837", "2024年，全年调处矛盾纠纷892件，发放普法资料837余份。"[figures[1].GetProperty("start").GetInt32()..figures[1].GetProperty("end").GetInt32()]);
        Assert.Equal(2, junkExit);
        Assert.Contains("找不到文件", junkError);
    }

    /// <summary>
    /// The command obeys the import's limits: under a managed-heap cap of 200 MB (DOTNET_GCHeapHardLimit, so that
    /// reading a bomb as before would end in an out-of-memory crash instead of the message), each report bomb is
    /// refused with its limit named, and the command ends with the usage error code.
    /// </summary>
    [Theory]
    [InlineData("pdf-content", "解压后超过 24 MB 的上限")]
    [InlineData("pdf-forms", "个字符的上限")]
    [InlineData("docx", "解压后超过 24 MB 的上限")]
    public async Task ExtractRefusesAFileBombWithinTheImportsLimits(string bomb, string limit)
    {
        await using var database = TempDatabase.CreateEmpty();
        var file = Path.Combine(database.Folder, bomb == "docx" ? "报告.docx" : "报告.pdf");
        await File.WriteAllBytesAsync(file, bomb switch
        {
            "pdf-content" => FileBombs.PdfWithHugeContent(1024L * 1024 * 1024),
            "pdf-forms" => FileBombs.PdfWithNestedForms(),
            _ => FileBombs.DocxWithHugeDocument(),
        });

        var (exit, _, error) = await RunAsync(database.Folder, "", new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0xC800000" }, "extract", file);

        Assert.Equal(2, exit);
        Assert.Contains(limit, error);
    }

    private static Task<(int Exit, string Output, string Error)> RunAsync(string dataFolder, string input, params string[] args) =>
        RunAsync(dataFolder, input, new Dictionary<string, string>(), args);

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string dataFolder, string input, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Dashboard.Web.dll"), .. args])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
            Environment = { ["Dashboard__DataFolder"] = dataFolder, ["ASPNETCORE_ENVIRONMENT"] = "Production" },
        };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
