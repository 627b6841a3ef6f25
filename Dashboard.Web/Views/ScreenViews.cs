using Dashboard.Data.Catalog;
using Dashboard.Data.Changes;
using Dashboard.Data.Figures;
using Dashboard.Data.Reports;
using Dashboard.Data.Targets;
using Dashboard.Data.Users;

namespace Dashboard.Web.Views;

/// <summary>
/// The one place that loads what a screen shows — dashboard, indicator page, deck — and shares it among every open
/// screen showing the same thing until the data changes (<see cref="ViewCache{TKey,TView}"/>, one per kind, typed
/// keys). Screens subscribe to <see cref="Changes"/> through <see cref="LiveView{TView}"/>. What a user may see is
/// part of each key: visitors and the organization's own users never share a view.
/// </summary>
public sealed class ScreenViews(
    DataChanges changes, TimeProvider clock, CatalogQueries catalog, FigureQueries figures, ReportQueries reports, TargetQueries targets, ReportDocuments documents,
    ViewCache<string, IReadOnlyList<Organization>> organizationCache,
    ViewCache<ScreenViews.YearKey, DashboardView> dashboardCache,
    ViewCache<ScreenViews.YearKey, DeckView> deckCache,
    ViewCache<ScreenViews.IndicatorKey, IndicatorView> indicatorCache,
    ViewCache<ScreenViews.YearKey, DistrictView> districtCache)
{
    /// <summary>An organization's year (null: the latest), as visitors (<paramref name="Provisional"/> false) or its own users see it.</summary>
    public readonly record struct YearKey(long OrganizationId, int? Year, bool Provisional);

    public readonly record struct IndicatorKey(long OrganizationId, string IndicatorCode, bool Provisional);

    public DataChanges Changes => changes;

    /// <summary>Every organization (archived ones too), in tree order.</summary>
    public async Task<IReadOnlyList<Organization>> OrganizationsAsync() =>
        (await organizationCache.GetAsync("all", async () => await catalog.GetOrganizationsAsync()))!;

    /// <summary>What <paramref name="actor"/> may read (see <see cref="Reader"/>), from the organizations as they are now.</summary>
    public async Task<Reader> ReaderAsync(Actor actor) => Reader.For(actor, await OrganizationsAsync());

    /// <summary>The reader a shared view of <paramref name="organization"/> is loaded as (see <see cref="Reader.Of"/>).</summary>
    private async Task<Reader> ViewerAsync(Actor actor, Organization organization) => (await ReaderAsync(actor)).Of(organization.Id);

    /// <summary>The organization a page shows, from its address, and what its picker offers (see <see cref="OrganizationChoice"/>).</summary>
    public async Task<OrganizationChoice> ChooseAsync(string? organizationCode, Actor actor, string? policy = null) =>
        OrganizationChoice.Make(await OrganizationsAsync(), organizationCode, actor, policy);

    public async Task<DashboardView?> DashboardAsync(OrganizationChoice choice, Actor actor, int? year)
    {
        if (choice.Chosen is not { } organization) return null;
        var reader = await ViewerAsync(actor, organization);
        return await dashboardCache.GetAsync(new YearKey(organization.Id, year, reader.SeesUnpublished(organization.Id)),
            async () => await DashboardView.LoadAsync(catalog, figures, reports, targets, documents, choice.Offered, organization, reader, year, clock));
    }

    /// <summary>
    /// A district's own page: its streets and towns side by side. Provisional figures are in it for those who see the
    /// district's (its own users: a role for the district holds for what is under it).
    /// </summary>
    public async Task<DistrictView?> DistrictAsync(OrganizationChoice choice, Actor actor, int? year)
    {
        if (choice.Chosen is not { Kind: Organization.District } district) return null;
        var reader = await ViewerAsync(actor, district);
        return await districtCache.GetAsync(new YearKey(district.Id, year, reader.SeesUnpublished(district.Id)),
            async () => await DistrictView.LoadAsync(catalog, figures, reports, choice.Offered, await OrganizationsAsync(), district, reader, year, clock));
    }

    public async Task<DeckView?> DeckAsync(OrganizationChoice choice, Actor actor, int? year)
    {
        if (choice.Chosen is not { } organization) return null;
        var reader = await ViewerAsync(actor, organization);
        return await deckCache.GetAsync(new YearKey(organization.Id, year, reader.SeesUnpublished(organization.Id)), async () =>
            organization.Kind == Organization.District
                ? await DistrictAsync(choice, actor, year) is { } district ? DeckView.From(district) : null
                : await DashboardAsync(choice, actor, year) is { } view ? DeckView.From(view) : null);
    }

    public async Task<IndicatorView?> IndicatorAsync(Organization organization, Actor actor, string indicatorCode)
    {
        var reader = await ViewerAsync(actor, organization);
        return await indicatorCache.GetAsync(new IndicatorKey(organization.Id, indicatorCode, reader.SeesUnpublished(organization.Id)),
            () => IndicatorView.LoadAsync(catalog, figures, reports, organization, reader, indicatorCode));
    }
}
