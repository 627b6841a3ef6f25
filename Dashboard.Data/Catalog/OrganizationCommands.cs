using System.Data.Common;
using System.Text.RegularExpressions;
using Dapper;
using Dashboard.Data.Users;

namespace Dashboard.Data.Catalog;

/// <summary>What an administrator types to add or change an organization.</summary>
public sealed record OrganizationSave
{
    /// <summary>Short and stable: it is in every address (<c>?org=luoxing</c>) and in the command line.</summary>
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required string Kind { get; init; }
    /// <summary>The code of the district it belongs to; empty for none.</summary>
    public string ParentCode { get; init; } = "";
}

/// <summary>
/// Adds, renames and archives organizations. A street, town or township may belong to a district; a district belongs
/// to nothing (one level, as a district's 依法治区办 sees it). Organizations are never deleted: figures, reports and
/// history name them. Who may: an administrator of the parent district (for what is under it) or of every organization.
/// </summary>
public sealed partial class OrganizationCommands(DashboardDb db, TimeProvider clock)
{
    public const int MaxNameLength = 40;

    /// <summary>Adds an organization. Returns what is wrong (in Chinese), nothing saved, or null when it was added.</summary>
    public async Task<IReadOnlyList<string>> AddAsync(OrganizationSave save, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Role.Admin, "添加单位");
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        var (problems, parentId) = await CheckAsync(transaction, save, existingId: null, cancellationToken);
        if (problems.Count > 0)
        {
            return problems;
        }
        await actor.DemandAsync(transaction, Permissions.ManageOrganizations, parentId, "添加单位", clock.GetUtcNow(), cancellationToken);
        const string sql = """
            INSERT INTO organizations (code, name, kind, parent_id, updated_at, updated_by)
            VALUES (@Code, @Name, @Kind, @parentId, @now, @author)
            """;
        await connection.ExecuteAsync(new CommandDefinition(sql,
            new { Code = save.Code.Trim(), Name = TextRules.NormalizeCompatible(save.Name.Trim())!, save.Kind, parentId, now = clock.GetUtcNow(), author = actor.UserName },
            transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return [];
    }

    /// <summary>Changes the name, kind or district of the organization with <paramref name="code"/> (the code itself stays).</summary>
    public async Task<IReadOnlyList<string>> UpdateAsync(string code, OrganizationSave save, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Role.Admin, "修改单位");
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        var current = await GetAsync(transaction, code, cancellationToken);
        if (current is null)
        {
            return ["单位不存在。"];
        }
        // Whoever may manage it where it is now, and where it goes.
        await actor.DemandAsync(transaction, Permissions.ManageOrganizations, current.ParentId, "修改单位", clock.GetUtcNow(), cancellationToken);
        var (problems, parentId) = await CheckAsync(transaction, save with { Code = code }, current.Id, cancellationToken);
        if (problems.Count > 0)
        {
            return problems;
        }
        await actor.DemandAsync(transaction, Permissions.ManageOrganizations, parentId, "修改单位", clock.GetUtcNow(), cancellationToken);
        const string sql = """
            UPDATE organizations SET name = @Name, kind = @Kind, parent_id = @parentId, updated_at = @now, updated_by = @author
            WHERE id = @Id
            """;
        await connection.ExecuteAsync(new CommandDefinition(sql,
            new { current.Id, Name = TextRules.NormalizeCompatible(save.Name.Trim())!, save.Kind, parentId, now = clock.GetUtcNow(), author = actor.UserName },
            transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return [];
    }

    /// <summary>Archives (or brings back) an organization: its figures and history stay; it leaves the pickers.</summary>
    public async Task<IReadOnlyList<string>> SetArchivedAsync(string code, bool archived, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Role.Admin, archived ? "归档单位" : "恢复单位");
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        var current = await GetAsync(transaction, code, cancellationToken);
        if (current is null)
        {
            return ["单位不存在。"];
        }
        await actor.DemandAsync(transaction, Permissions.ManageOrganizations, current.ParentId, archived ? "归档单位" : "恢复单位", clock.GetUtcNow(), cancellationToken);
        if (archived)
        {
            var open = await connection.QuerySingleAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM organizations WHERE parent_id = @Id AND archived_at IS NULL", new { current.Id }, transaction, cancellationToken: cancellationToken));
            if (open > 0)
            {
                return [$"“{current.Name}”下还有 {open} 个未归档的单位，请先将它们归档或移到其他区。"];
            }
        }
        else if (current.ParentId is { } parentId && await connection.QuerySingleAsync<long>(new CommandDefinition(
                     "SELECT count(*) FROM organizations WHERE id = @parentId AND archived_at IS NOT NULL", new { parentId }, transaction, cancellationToken: cancellationToken)) > 0)
        {
            return ["所属的区已归档，请先恢复该区。"];
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE organizations SET archived_at = @archivedAt, updated_at = @now, updated_by = @author WHERE id = @Id",
            new { current.Id, archivedAt = archived ? clock.GetUtcNow() : (DateTimeOffset?)null, now = clock.GetUtcNow(), author = actor.UserName },
            transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return [];
    }

    /// <summary>What is wrong with <paramref name="save"/>, and the id of its district.</summary>
    private static async Task<(IReadOnlyList<string> Problems, long? ParentId)> CheckAsync(DbTransaction transaction, OrganizationSave save, long? existingId, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var code = save.Code.Trim();
        if (existingId is null && !CodePattern().IsMatch(code))
        {
            problems.Add("代码须为 2–32 个小写英文字母、数字或连字符（-），以字母开头，例如 luoxing。");
        }
        var name = save.Name.Trim();
        if (name.Length == 0)
        {
            problems.Add("请填写单位名称。");
        }
        else if (name.Length > MaxNameLength)
        {
            problems.Add($"单位名称不能超过 {MaxNameLength} 个字。");
        }
        else if (TextRules.InvisibleCharacterProblem(name, "单位名称") is { } invisible)
        {
            problems.Add(invisible);
        }
        else if (name.Any(char.IsControl) || TextRules.NormalizeCompatible(name) is null)
        {
            problems.Add("单位名称只能有一行，且不能含有无效字符。");
        }
        if (!Organization.Kinds.Contains(save.Kind))
        {
            problems.Add($"类型须为{string.Join("、", Organization.Kinds)}之一。");
        }

        var connection = transaction.Connection!;
        if (existingId is null && CodePattern().IsMatch(code) && await connection.QuerySingleAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM organizations WHERE code = @code", new { code }, transaction, cancellationToken: cancellationToken)) > 0)
        {
            problems.Add($"代码“{code}”已被使用。");
        }
        if (name.Length > 0 && TextRules.NormalizeCompatible(name) is not null && await connection.QuerySingleAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM organizations WHERE name = @name AND (@existingId IS NULL OR id <> @existingId)", new { name = TextRules.NormalizeCompatible(name), existingId }, transaction, cancellationToken: cancellationToken)) > 0)
        {
            problems.Add($"已有名为“{name}”的单位。");
        }

        long? parentId = null;
        var parentCode = save.ParentCode.Trim();
        if (parentCode.Length > 0)
        {
            var parent = await GetAsync(transaction, parentCode, cancellationToken);
            if (parent is null)
            {
                problems.Add("所属的区不存在。");
            }
            else if (save.Kind == Organization.District)
            {
                problems.Add("区不能再属于其他单位。");
            }
            else if (parent.Kind != Organization.District)
            {
                problems.Add($"“{parent.Name}”不是区，单位只能属于一个区。");
            }
            else if (parent.ArchivedAt is not null)
            {
                problems.Add($"“{parent.Name}”已归档。");
            }
            else
            {
                parentId = parent.Id;
            }
        }
        if (existingId is { } id && save.Kind != Organization.District && await connection.QuerySingleAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM organizations WHERE parent_id = @id", new { id }, transaction, cancellationToken: cancellationToken)) > 0)
        {
            problems.Add("该区下还有单位，不能改为其他类型。");
        }
        return (problems, parentId);
    }

    private static async Task<Organization?> GetAsync(DbTransaction transaction, string code, CancellationToken cancellationToken) =>
        await transaction.Connection!.QuerySingleOrDefaultAsync<Organization>(new CommandDefinition(
            "SELECT id, code, name, kind, parent_id, archived_at FROM organizations WHERE code = @code", new { code = code.Trim() }, transaction, cancellationToken: cancellationToken));

    [GeneratedRegex("^[a-z][a-z0-9-]{1,31}$")]
    private static partial Regex CodePattern();
}
