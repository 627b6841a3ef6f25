using Dashboard.Data;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;
using static Dashboard.Tests.Support.Actors;

namespace Dashboard.Tests.Data;

/// <summary>
/// 通知邮箱: each user sets their own, an administrator of every organization anyone's; the rule for an address holds
/// whatever sent it, and a refusal changes nothing.
/// </summary>
public class UserEmailTests : IAsyncLifetime
{
    /// <summary>The same on PostgreSQL.</summary>
    public sealed class OnPostgres : UserEmailTests, IOnPostgres
    {
        protected override DatabaseEngine Engine => DatabaseEngine.Postgres;
    }

    protected virtual DatabaseEngine Engine => DatabaseEngine.Sqlite;

    private TempDatabase database = null!;

    public async Task InitializeAsync()
    {
        database = await TempDatabase.CreateMigratedAsync(Engine);
        await CatalogBuilder.AddOrganizationAsync(database.Db);
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private UserCommands Commands => new(database.Db, TimeProvider.System);

    private async Task<string> EmailOfAsync(string userName) => (await new UserQueries(database.Db).GetUserAsync(userName))!.Email;

    [EngineFact]
    public async Task AUserSetsTheirOwnAddressTypedFullWidthAndClearsItAgainStayingSignedIn()
    {
        var viewer = await SignInAsync(database.Db, "领导", Role.Viewer, organizationCode: "test");

        var stored = await Commands.SetEmailAsync("领导", "  ｌｉｎｇｄａｏ＠ｅｘａｍｐｌｅ．ｇｏｖ．ｃｎ ", viewer);

        Assert.Equal("lingdao@example.gov.cn", stored);
        Assert.Equal("lingdao@example.gov.cn", await EmailOfAsync("领导"));
        // An address is no credential: the same sign-in goes on (the next change is checked against it and passes).
        Assert.Equal("", await Commands.SetEmailAsync("领导", "", viewer));
        Assert.Equal("", await EmailOfAsync("领导"));
    }

    [EngineFact]
    public async Task AnAdministratorOfEveryOrganizationSetsAnyonesAddress()
    {
        var admin = await SignInAsync(database.Db, "管理员", Role.Admin);
        await SignInAsync(database.Db, "文员", Role.Editor, organizationCode: "test");

        await Commands.SetEmailAsync("文员", "wenyuan@example.gov.cn", admin);

        Assert.Equal("wenyuan@example.gov.cn", await EmailOfAsync("文员"));
    }

    /// <summary>An attack: whoever sets an administrator's address reads the administrator's notifications.</summary>
    [EngineFact]
    public async Task AViewerOrAStreetsAdministratorCannotSetAnotherUsersAddressAndNothingChanges()
    {
        var admin = await SignInAsync(database.Db, "admin", Role.Admin);
        await Commands.SetEmailAsync("admin", "admin@example.gov.cn", admin);
        var viewer = await SignInAsync(database.Db, "领导", Role.Viewer, organizationCode: "test");
        var streetAdmin = await SignInAsync(database.Db, "街道管理员", Role.Admin, organizationCode: "test");

        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => Commands.SetEmailAsync("admin", "attacker@example.com", viewer));
        // Nor by another spelling of the name (full-width letters name the same user).
        await Assert.ThrowsAsync<AccessDeniedException>(() => Commands.SetEmailAsync("ＡＤＭＩＮ", "attacker@example.com", viewer));
        // Administering users is for an administrator of every organization, not of one street.
        await Assert.ThrowsAsync<AccessDeniedException>(() => Commands.SetEmailAsync("领导", "attacker@example.com", streetAdmin));

        Assert.Contains("无权修改通知邮箱", refused.Message);
        Assert.Equal("admin@example.gov.cn", await EmailOfAsync("admin"));
        Assert.Equal("", await EmailOfAsync("领导"));
    }

    [EngineFact]
    public async Task ASignInThatHasEndedCannotSetEvenItsOwnAddress()
    {
        var viewer = await SignInAsync(database.Db, "领导", Role.Viewer, organizationCode: "test");
        await new SessionStore(database.Db, TimeProvider.System).EndAsync(viewer.SessionId!);

        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => Commands.SetEmailAsync("领导", "lingdao@example.gov.cn", viewer));

        Assert.True(refused.SignedOut);
        Assert.Equal("", await EmailOfAsync("领导"));
    }

    [EngineTheory]
    [InlineData("lingdao", "不是有效的邮箱地址")]
    [InlineData("lingdao@example", "不是有效的邮箱地址")]
    [InlineData("@example.gov.cn", "不是有效的邮箱地址")]
    [InlineData("ling@@example.gov.cn", "不是有效的邮箱地址")]
    [InlineData("lingdao@.example.gov.cn", "不是有效的邮箱地址")]
    [InlineData("领导 <lingdao@example.gov.cn>", "不能有空格")]
    [InlineData("\"领导\"<lingdao@example.gov.cn>", "不是有效的邮箱地址")]
    [InlineData("lingdao@example.gov.cn,admin@example.gov.cn", "不是有效的邮箱地址")]
    [InlineData("lingdao@example.gov.cn\nBcc: spy@example.com", "不能有空格或换行")]
    [InlineData("lingdao\u200b@example.gov.cn", "不可见的字符（U+200B）")]
    [InlineData("lingdao@example.gov.cn\u202e", "不可见的字符（U+202E）")]
    [InlineData("ling\u0007dao@example.gov.cn", "不可见的字符（U+0007）")]
    public async Task ABadAddressIsRefusedInChineseAndTheStoredOneStays(string address, string saying)
    {
        var viewer = await SignInAsync(database.Db, "领导", Role.Viewer, organizationCode: "test");
        await Commands.SetEmailAsync("领导", "lingdao@example.gov.cn", viewer);

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => Commands.SetEmailAsync("领导", address, viewer));

        Assert.Contains(saying, refused.Message);
        Assert.Equal("lingdao@example.gov.cn", await EmailOfAsync("领导"));
    }

    [EngineFact]
    public async Task AnAddressLongerThanSmtpCarriesIsRefused()
    {
        var viewer = await SignInAsync(database.Db, "领导", Role.Viewer, organizationCode: "test");
        var longest = new string('a', 64) + "@" + string.Join('.', Enumerable.Repeat(new string('b', 60), 3)) + ".gov.cn";
        Assert.True(longest.Length <= EmailAddresses.MaxLength);
        await Commands.SetEmailAsync("领导", longest, viewer);

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => Commands.SetEmailAsync("领导", "a" + longest + new string('c', 60), viewer));

        Assert.Contains("邮箱地址太长（最多 254 个字符）", refused.Message);
        Assert.Equal(longest, await EmailOfAsync("领导"));
    }
}
