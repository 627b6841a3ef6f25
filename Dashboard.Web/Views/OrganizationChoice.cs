using Dashboard.Data.Catalog;
using Dashboard.Data.Users;
using Dashboard.Web.Security;

namespace Dashboard.Web.Views;

/// <summary>
/// Which organization a page shows, from its address (<c>?org=</c>), and which ones its picker offers: every page
/// decides this the same way. An address naming an organization the user may not act on is refused with a message,
/// never silently replaced by another one (a clerk would type into the wrong street's figures).
/// </summary>
/// <param name="Chosen">The organization shown; null when there is none or the address names one the user may not use.</param>
/// <param name="Offered">What the picker lists: the organizations not archived that the user may use here.</param>
/// <param name="Problem">Why nothing is shown, in Chinese.</param>
public sealed record OrganizationChoice(Organization? Chosen, IReadOnlyList<Organization> Offered, string? Problem)
{
    /// <param name="policy">What the page does (<see cref="Policies"/>); null for a page that shows published figures to anyone.</param>
    public static OrganizationChoice Make(IReadOnlyList<Organization> all, string? requestedCode, Actor actor, string? policy)
    {
        bool Usable(Organization o) => policy is null || actor.Permits(policy, o);
        var offered = all.Where(o => !o.IsArchived && Usable(o)).ToList();
        if (!string.IsNullOrEmpty(requestedCode))
        {
            var requested = all.FirstOrDefault(o => o.Code == requestedCode);
            if (requested is null)
            {
                return new(null, offered, $"没有代码为“{requestedCode}”的单位。");
            }
            if (!Usable(requested))
            {
                return new(null, offered, $"您没有“{requested.Name}”的{What(policy)}权限。");
            }
            return new(requested, offered, null);
        }
        // Without one in the address: the organization the user's role holds for (a clerk of a street opens their own
        // street, a district's user the district's comparison); for anyone else the first street or town (a district's
        // own page is for comparing them), else the first.
        var chosen = offered.FirstOrDefault(o => o.Id == actor.ScopeId)
                     ?? offered.FirstOrDefault(o => o.Kind != Organization.District) ?? offered.FirstOrDefault();
        return new(chosen, offered, chosen is null ? policy is null ? "还没有任何单位。" : $"您没有任何单位的{What(policy)}权限。" : null);
    }

    private static string What(string? policy) => policy switch
    {
        Policies.EditFigures => "编辑",
        Policies.ViewProvisional => "查看",
        _ => "管理",
    };
}
