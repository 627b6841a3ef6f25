using Dashboard.Data.Catalog;

namespace Dashboard.Data.Users;

/// <summary>
/// Something a user may do, declared once: the role it takes, held for the organization concerned (or one above it),
/// or — for what every organization shares — held for every organization. The data layer demands these on every
/// write (<see cref="Actor.DemandAsync(System.Data.Common.DbTransaction, Permission, long?, string, DateTimeOffset, CancellationToken)"/>);
/// the web app's named policies are the same objects by name.
/// </summary>
public sealed record Permission(string Name, Role Role, bool EverywhereOnly);

public static class Permissions
{
    /// <summary>Provisional figures and draft reports of the organization (查看者 and above).</summary>
    public static Permission ViewProvisional { get; } = new(nameof(ViewProvisional), Role.Viewer, EverywhereOnly: false);

    /// <summary>The organization's figures, report text, targets and choice of indicators (编辑者 and above).</summary>
    public static Permission EditFigures { get; } = new(nameof(EditFigures), Role.Editor, EverywhereOnly: false);

    /// <summary>A year made public in one step: its provisional figures and its draft report (管理员 of the organization or above).</summary>
    public static Permission PublishYear { get; } = new(nameof(PublishYear), Role.Admin, EverywhereOnly: false);

    /// <summary>
    /// A submitted year returned with reasons or approved and published (审核人 of the organization or above; where the
    /// organization is reviewed by its district, held for the district). Nobody approves their own submission.
    /// </summary>
    public static Permission ApproveYear { get; } = new(nameof(ApproveYear), Role.Reviewer, EverywhereOnly: false);

    /// <summary>The organizations under a district: add, rename, move, archive (管理员 of the district).</summary>
    public static Permission ManageOrganizations { get; } = new(nameof(ManageOrganizations), Role.Admin, EverywhereOnly: false);

    /// <summary>Users and the indicator catalog, which every organization shares (管理员 of every organization).</summary>
    public static Permission Administer { get; } = new(nameof(Administer), Role.Admin, EverywhereOnly: true);

    public static IReadOnlyList<Permission> All { get; } = [ViewProvisional, EditFigures, ApproveYear, PublishYear, ManageOrganizations, Administer];

    /// <summary>Whether <paramref name="actor"/> has <paramref name="permission"/> for <paramref name="organization"/> (or, without one, for some organization).</summary>
    public static bool Permits(this Actor actor, Permission permission, Organization? organization = null) =>
        permission.EverywhereOnly ? actor.HasEverywhere(permission.Role)
        : organization is null ? actor.Has(permission.Role)
        : actor.Has(permission.Role, organization);
}
