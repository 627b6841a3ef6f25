using Dashboard.Data.Catalog;

namespace Dashboard.Data.Users;

/// <summary>
/// Who is reading, as every query of figures, reports and targets requires — the reads' counterpart of
/// <see cref="Actor"/>: which organizations' unpublished data (provisional figures, draft reports, histories) the
/// reader may see. Resolved from the actor and the organizations once per request or screen
/// (<see cref="For(Actor, IEnumerable{Organization})"/>); an organization it was not resolved with is not seen.
/// </summary>
public sealed class Reader
{
    private readonly IReadOnlySet<long>? unpublished;

    private Reader(Actor actor, IReadOnlySet<long>? unpublished) => (Actor, this.unpublished) = (actor, unpublished);

    /// <summary>Who reads.</summary>
    public Actor Actor { get; }

    /// <summary>Someone not signed in: published figures and published reports only.</summary>
    public static Reader Visitor { get; } = new(Actor.Anonymous, new HashSet<long>());

    /// <summary>The app itself (command line, imports, exports made for their owners): everything.</summary>
    public static Reader System(string name) => new(Actor.System(name), null);

    /// <summary>What <paramref name="actor"/> may read of <paramref name="organizations"/> (查看者 and above of one, or of one above it).</summary>
    public static Reader For(Actor actor, IEnumerable<Organization> organizations) =>
        actor.IsSystem ? new(actor, null)
        : !actor.IsSignedIn ? Visitor
        : new(actor, organizations.Where(actor.SeesProvisional).Select(o => o.Id).ToHashSet());

    /// <summary>Whether the organization's provisional figures, draft reports and the history of its changes are read too.</summary>
    public bool SeesUnpublished(long organizationId) => unpublished?.Contains(organizationId) ?? true;

    /// <summary>
    /// This reader for a view of the organization that everyone who sees the same of it shares: itself when it sees the
    /// organization's unpublished data, else a visitor — so nothing else of its own can slip into a shared view.
    /// </summary>
    public Reader Of(long organizationId) => SeesUnpublished(organizationId) ? this : Visitor;

    /// <summary>Refuses what only those who see the organization's unpublished data may read (a history shows values before publication).</summary>
    /// <exception cref="AccessDeniedException">The reader does not see the organization's unpublished data.</exception>
    internal void DemandUnpublished(long organizationId)
    {
        if (!SeesUnpublished(organizationId))
        {
            throw new AccessDeniedException("查看该单位未发布的数据和修改记录", Role.Viewer, Actor);
        }
    }
}
