using System.Data.Common;
using Dapper;
using Dashboard.Data.Users;

namespace Dashboard.Data.Years;

/// <summary>Who reviews an organization's year: its own reviewer, or — where it says so — its district's.</summary>
public enum Approval { Own, District }

/// <summary>
/// Who may approve an organization's year, in one place: a user holding <see cref="Permissions.ApproveYear"/> for it
/// (审核人 or 管理员, for it or an organization above it, or for every organization); where the organization is reviewed
/// by its district, not a user whose role holds for the organization itself only; and never the one who submitted it.
/// </summary>
public static class Reviewers
{
    private static readonly Role[] Approving = [Role.Reviewer, Role.Admin];

    /// <summary>Whether the organization's year is reviewed by the district above it (it must have one).</summary>
    internal static async Task<bool> ByDistrictAsync(DbTransaction transaction, long organizationId, CancellationToken cancellationToken) =>
        await transaction.Connection!.QuerySingleOrDefaultAsync<bool>(new CommandDefinition(
            "SELECT approval = 'District' AND parent_id IS NOT NULL FROM organizations WHERE id = @organizationId",
            new { organizationId }, transaction, cancellationToken: cancellationToken));

    /// <summary>Whether anyone holds the 审核人 role for the organization, as it is reviewed (then its administrator submits rather than publishes).</summary>
    internal static async Task<bool> HasReviewerAsync(DbTransaction transaction, long organizationId, CancellationToken cancellationToken) =>
        (await UserQueries.HoldersAsync(transaction, organizationId, [Role.Reviewer], await ByDistrictAsync(transaction, organizationId, cancellationToken), cancellationToken)).Count > 0;

    /// <summary>The users who may approve the organization's year now, except <paramref name="submitter"/>.</summary>
    internal static async Task<IReadOnlyList<long>> ApproversAsync(DbTransaction transaction, long organizationId, string? submitter, CancellationToken cancellationToken) =>
        await UserQueries.HoldersAsync(transaction, organizationId, Approving, await ByDistrictAsync(transaction, organizationId, cancellationToken),
            cancellationToken, submitter is null ? [] : [submitter]);

    /// <summary>
    /// Refuses unless <paramref name="actor"/> may approve (or return) the year <paramref name="status"/> describes now,
    /// inside <paramref name="transaction"/>.
    /// </summary>
    /// <exception cref="AccessDeniedException">The actor is no reviewer of it, reviews only at the organization's own level where its district reviews it, or submitted it.</exception>
    internal static async Task DemandApproverAsync(DbTransaction transaction, Actor actor, YearStatus status, string action, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await actor.DemandAsync(transaction, Permissions.ApproveYear, status.OrganizationId, action, now, cancellationToken);
        if (actor.IsSystem)
        {
            return;
        }
        if (actor.ScopeId == status.OrganizationId && await ByDistrictAsync(transaction, status.OrganizationId, cancellationToken))
        {
            throw new AccessDeniedException($"本单位的年度数据由上级区审核，“{actor.UserName}”不能{action}。");
        }
        if (string.Equals(status.SubmittedBy, actor.UserName, StringComparison.OrdinalIgnoreCase))
        {
            throw new AccessDeniedException($"不能审核自己提交的年度数据：请由另一位审核人{action}。");
        }
    }
}
