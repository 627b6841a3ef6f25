using Dashboard.Data.Catalog;
using Dashboard.Data.Users;
using Microsoft.AspNetCore.Authorization;

namespace Dashboard.Web.Security;

/// <summary>
/// The data layer's permissions (<see cref="Permissions"/>) as named authorization policies: pages use them in
/// <c>[Authorize(Policy = …)]</c>, the menu (MainLayout) and code through
/// <see cref="IAuthorizationService"/> or <see cref="Permits"/> — the same declaration the data layer demands on every
/// write. Given an <see cref="Organization"/> as the resource, a policy holds for that organization; without one, for
/// some organization (a page then offers only the organizations the user may act on).
/// </summary>
public static class Policies
{
    public const string ViewProvisional = nameof(Permissions.ViewProvisional);
    public const string EditFigures = nameof(Permissions.EditFigures);
    public const string ApproveYear = nameof(Permissions.ApproveYear);
    public const string PublishYear = nameof(Permissions.PublishYear);
    public const string ManageOrganizations = nameof(Permissions.ManageOrganizations);
    public const string Administer = nameof(Permissions.Administer);

    private static readonly Dictionary<string, Permission> ByName = Permissions.All.ToDictionary(p => p.Name);

    /// <summary>Whether <paramref name="actor"/> may do what <paramref name="policy"/> names, for <paramref name="organization"/> (or for some organization).</summary>
    public static bool Permits(this Actor actor, string policy, Organization? organization = null) =>
        actor.Permits(ByName[policy], organization);

    public static void AddDashboardPolicies(this AuthorizationOptions options)
    {
        foreach (var policy in ByName.Keys)
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
