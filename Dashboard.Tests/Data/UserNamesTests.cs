using Dashboard.Data;
using Dashboard.Data.Users;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Data;

/// <summary>A user name is the author shown in every figure's history: no name may pass for another.</summary>
public class UserNamesTests : IAsyncLifetime
{
    /// <summary>The same tests on PostgreSQL.</summary>
    public sealed class OnPostgres : UserNamesTests, IOnPostgres
    {
        protected override DatabaseEngine Engine => DatabaseEngine.Postgres;
    }

    protected virtual DatabaseEngine Engine => DatabaseEngine.Sqlite;

    private TempDatabase database = null!;
    private UserCommands users = null!;

    public async Task InitializeAsync()
    {
        database = await TempDatabase.CreateMigratedAsync(Engine);
        users = new UserCommands(database.Db, TimeProvider.System);
        await users.AddUserAsync("editor", Role.Editor, "hash", Actor.System("test"));
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [EngineTheory]
    [InlineData("editor\u200b", "不可见的字符")]     // a zero-width space: shows as "editor"
    [InlineData("\u202erotide", "不可见的字符")]     // right-to-left override: shows as "editor"
    [InlineData("edit\u00adr", "不可见的字符")]      // soft hyphen
    [InlineData("еditor", "形似英文字母")]            // Cyrillic е
    [InlineData("εditor", "形似英文字母")]            // Greek ε
    [InlineData("edi tor", "空格")]
    public async Task ANameThatCouldPassForAnotherIsRefusedInTheDataLayer(string name, string message)
    {
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => users.AddUserAsync(name, Role.Admin, "hash", Actor.System("test")));

        Assert.Contains(message, refused.Message);
        Assert.Single(await new UserQueries(database.Db).GetUsersAsync());
    }

    [EngineFact]
    public async Task ANameThatIsNotValidUnicodeIsRefusedInChinese()
    {
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => users.AddUserAsync("edi" + (char)0xD800 + "tor", Role.Admin, "hash", Actor.System("test")));

        Assert.Contains("无法识别的字符", refused.Message);
    }

    [EngineTheory]
    [InlineData("ｅｄｉｔｏｒ")]   // full-width letters: the same name once normalised
    [InlineData("EDITOR")]
    public async Task ANameEqualToAnExistingOneOnceNormalisedIsTaken(string name)
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => users.AddUserAsync(name, Role.Admin, "hash", Actor.System("test")));

        Assert.Contains("已存在", refused.Message);
    }

    [EngineTheory]
    [InlineData("王五")]
    [InlineData("luoxing.editor-2")]
    [InlineData("罗星admin")]
    public async Task ChineseAndAsciiNamesAreWelcome(string name)
    {
        var user = await users.AddUserAsync(name, Role.Viewer, "hash", Actor.System("test"));

        Assert.Equal(name, user.UserName);
    }

    [EngineFact]
    public async Task AFullWidthNameIsStoredAndFoundAsItsPlainForm()
    {
        await users.AddUserAsync("ｗａｎｇ", Role.Viewer, "hash", Actor.System("test"));

        Assert.Equal("wang", (await new UserQueries(database.Db).GetUserAsync("WANG"))!.UserName);
    }
}
