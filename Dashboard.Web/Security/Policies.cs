using Dashboard.Data.Catalog;
using Dashboard.Data.Users;
using Microsoft.AspNetCore.Authorization;

namespace Dashboard.Web.Security;

/// <summary>
/// What a user may do, declared once and named: pages use them in <c>[Authorize(Policy = …)]</c>, menus in
/// <c>&lt;AuthorizeView Policy=…&gt;</c>, code through <see cref="IAuthorizationService"/> or <see cref="Permits"/>.
/// Each names the role it needs — the same role the data layer demands (<see cref="Actor.DemandAsync"/>) for the
/// organization written to. Given an <see cref="Organization"/> as the resource, a policy holds for that organization;
/// without one, for some organization (a page then offers only the organizations the user may act on).
/// </summary>
public static class Policies
{
    /// <summary>Provisional figures and draft reports (查看者 and above, of the organization or a district above it).</summary>
    public const string ViewProvisional = nameof(ViewProvisional);

    /// <summary>Figures, reports and targets (编辑者 and above).</summary>
    public const string EditFigures = nameof(EditFigures);

    /// <summary>Organizations under the user's district (管理员).</summary>
    public const string ManageOrganizations = nameof(ManageOrganizations);

    /// <summary>Users and the indicator catalog, which every organization shares (管理员 of every organization).</summary>
    public const string Administer = nameof(Administer);

    private static readonly Dictionary<string, (Role Role, bool Everywhere)> Rules = new()
    {
        [ViewProvisional] = (Role.Viewer, false),
        [EditFigures] = (Role.Editor, false),
        [ManageOrganizations] = (Role.Admin, false),
        [Administer] = (Role.Admin, true),
    };

    /// <summary>Whether <paramref name="actor"/> may do what <paramref name="policy"/> names, for <paramref name="organization"/> (or for some organization).</summary>
    public static bool Permits(this Actor actor, string policy, Organization? organization = null)
    {
        var (role, everywhere) = Rules[policy];
        return everywhere ? actor.HasEverywhere(role)
            : organization is null ? actor.Has(role)
            : actor.Has(role, organization);
    }

    public static void AddDashboardPolicies(this AuthorizationOptions options)
    {
        foreach (var policy in Rules.Keys)
        {
            options.AddPolicy(policy, builder => builder.RequireAuthenticatedUser().AddRequirements(new PolicyRequirement(policy)));
        }
    }

    public sealed record PolicyRequirement(string Policy) : IAuthorizationRequirement;

    /// <summary>Decides every policy by <see cref="Permits"/>, with the organization when one is given as the resource.</summary>
    public sealed class Handler : AuthorizationHandler<PolicyRequirement>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PolicyRequirement requirement)
        {
            if (context.User.ToActor().Permits(requirement.Policy, context.Resource as Organization))
            {
                context.Succeed(requirement);
            }
            return Task.CompletedTask;
        }
    }
}
