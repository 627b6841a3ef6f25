using System.Data.Common;
using Dapper;
using Dashboard.Data.Users;
using Dashboard.Data.Years;

namespace Dashboard.Data.Figures;

/// <summary>
/// Writes figures. Every insert, update and delete writes its history row in the same transaction, and every
/// update names the version it started from: a figure changed by someone else in between is never overwritten.
/// </summary>
public sealed class FigureCommands(DashboardDb db, TimeProvider clock)
{
    public async Task<SaveResult> SaveAsync(FigureSave save, Actor actor, CancellationToken cancellationToken = default) =>
        await SaveBatchAsync([save], actor, cancellationToken);

    /// <summary>
    /// What the save rules find wrong with these saves, storing nothing: a page that has found problems of its own (a
    /// value it cannot read) shows these beside them, so the editor sees every problem at once.
    /// </summary>
    public async Task<IReadOnlyList<FigureProblem>> CheckBatchAsync(IReadOnlyList<FigureSave> saves, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Role.Editor, "检查指标数据");
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);   // read only; never committed
        foreach (var organizationId in saves.Select(s => s.OrganizationId).Distinct())
        {
            await actor.DemandAsync(transaction, Permissions.EditFigures, organizationId, "检查指标数据", clock.GetUtcNow(), cancellationToken);
        }
        foreach (var (organizationId, year) in saves.Select(s => (s.OrganizationId, s.Year)).Distinct())
        {
            await YearLock.DemandEditableAsync(transaction, organizationId, year, "修改数据", cancellationToken);
        }
        return await FigureValidator.CheckAsync(transaction, saves, cancellationToken);
    }

    /// <summary>
    /// Saves (or removes) all figures in one transaction, or none of them if any breaks a rule
    /// (<see cref="FigureValidator"/>) or has a conflict.
    /// </summary>
    public async Task<SaveResult> SaveBatchAsync(IReadOnlyList<FigureSave> saves, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Role.Editor, "保存指标数据");
        var author = actor.UserName;
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginWriteAsync(cancellationToken);
        // Every organization the batch touches: an editor of one street cannot slip in a figure of another.
        foreach (var organizationId in saves.Select(s => s.OrganizationId).Distinct())
        {
            await actor.DemandAsync(transaction, Permissions.EditFigures, organizationId, "保存指标数据", clock.GetUtcNow(), cancellationToken);
        }
        // A year waiting for its review changes by no path (its reviewer is looking at it).
        foreach (var (organizationId, year) in saves.Select(s => (s.OrganizationId, s.Year)).Distinct())
        {
            await YearLock.DemandEditableAsync(transaction, organizationId, year, "修改数据", cancellationToken);
        }

        // A stale view comes first: the editor must see what changed before being asked for anything else.
        var stale = new List<FigureConflict>();
        foreach (var save in saves)
        {
            var current = await GetCurrentAsync(transaction, save.OrganizationId, save.IndicatorId, save.Year, cancellationToken);
            if (current?.Version != save.ExpectedVersion)
            {
                stale.Add(new FigureConflict(save, current));
            }
        }
        if (stale.Count > 0)
        {
            return new SaveResult([], stale, []);
        }
        var problems = await FigureValidator.CheckAsync(transaction, saves, cancellationToken);
        if (problems.Count > 0)
        {
            return new SaveResult([], [], problems);
        }

        var now = clock.GetUtcNow();
        var saved = new List<Figure>(saves.Count);
        var conflicts = new List<FigureConflict>();
        foreach (var save in saves)
        {
            var (figure, conflict) = await SaveAsync(transaction, save, author, now, cancellationToken);
            if (figure is not null) saved.Add(figure);
            if (conflict is not null) conflicts.Add(conflict);
        }

        if (conflicts.Count > 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new SaveResult([], conflicts, []);
        }
        await transaction.CommitAsync(cancellationToken);
        return new SaveResult(saved, [], []);
    }

    /// <summary>Inserts, updates or removes one figure, with its history row, inside the caller's transaction.</summary>
    internal static async Task<(Figure? Saved, FigureConflict? Conflict)> SaveAsync(
        DbTransaction transaction, FigureSave save, string author, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var connection = transaction.Connection!;
        var current = await GetCurrentAsync(transaction, save.OrganizationId, save.IndicatorId, save.Year, cancellationToken);
        if (current?.Version != save.ExpectedVersion)
        {
            return (null, new FigureConflict(save, current));
        }
        if (save.Remove)
        {
            if (current is not null)
            {
                const string delete = "DELETE FROM figures WHERE id = @Id AND version = @Version";
                await connection.ExecuteAsync(new CommandDefinition(delete, new { current.Id, current.Version }, transaction, cancellationToken: cancellationToken));
                await WriteHistoryAsync(transaction, HistoryAction.Delete, current, null, current.Version, author, save.Reason, now, cancellationToken);
            }
            return (current, null);
        }

        var values = new
        {
            save.OrganizationId, save.IndicatorId, save.Year, save.Value,
            Qualifier = save.Qualifier.ToString(), Status = save.Status.ToString(),
            save.SourceText, save.Note, UpdatedAt = now, UpdatedBy = author, save.ExpectedVersion,
        };
        if (current is null)
        {
            const string insert = """
                INSERT INTO figures (organization_id, indicator_id, year, value, qualifier, status, source_text, note, version, updated_at, updated_by)
                VALUES (@OrganizationId, @IndicatorId, @Year, @Value, @Qualifier, @Status, @SourceText, @Note, 1, @UpdatedAt, @UpdatedBy)
                """;
            await connection.ExecuteAsync(new CommandDefinition(insert, values, transaction, cancellationToken: cancellationToken));
        }
        else
        {
            const string update = """
                UPDATE figures
                SET value = @Value, qualifier = @Qualifier, status = @Status, source_text = @SourceText, note = @Note,
                    version = version + 1, updated_at = @UpdatedAt, updated_by = @UpdatedBy
                WHERE organization_id = @OrganizationId AND indicator_id = @IndicatorId AND year = @Year AND version = @ExpectedVersion
                """;
            await connection.ExecuteAsync(new CommandDefinition(update, values, transaction, cancellationToken: cancellationToken));
        }

        var saved = await GetCurrentAsync(transaction, save.OrganizationId, save.IndicatorId, save.Year, cancellationToken)
            ?? throw new InvalidOperationException("The figure just written could not be read back.");
        await WriteHistoryAsync(transaction, current is null ? HistoryAction.Insert : HistoryAction.Update,
            current, saved, saved.Version, author, save.Reason, now, cancellationToken);
        return (saved, null);
    }

    /// <summary>
    /// Gives a stored figure the words of the report that state it (its value unchanged), inside the caller's
    /// transaction, with a history row; false when the figure is gone or changed since <paramref name="expectedVersion"/>.
    /// </summary>
    internal static async Task<bool> LinkSourceAsync(
        DbTransaction transaction, long organizationId, long indicatorId, int year, long expectedVersion, string sourceText,
        string author, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var current = await GetCurrentAsync(transaction, organizationId, indicatorId, year, cancellationToken);
        if (current is null || current.Version != expectedVersion) return false;
        var (saved, _) = await SaveAsync(transaction, new FigureSave
        {
            OrganizationId = organizationId, IndicatorId = indicatorId, Year = year, Value = current.Value, Qualifier = current.Qualifier,
            Status = current.Status, SourceText = sourceText, Note = current.Note, ExpectedVersion = current.Version, Reason = reason,
        }, author, now, cancellationToken);
        return saved is not null;
    }

    private static async Task<Figure?> GetCurrentAsync(
        DbTransaction transaction, long organizationId, long indicatorId, int year, CancellationToken cancellationToken)
    {
        const string sql = $"""
            SELECT {FigureQueries.FigureColumns}
            FROM figures f
            JOIN indicators i ON i.id = f.indicator_id
            WHERE f.organization_id = @organizationId AND f.indicator_id = @indicatorId AND f.year = @year
            """;
        return await transaction.Connection!.QuerySingleOrDefaultAsync<Figure>(
            new CommandDefinition(sql, new { organizationId, indicatorId, year }, transaction, cancellationToken: cancellationToken));
    }

    private static async Task WriteHistoryAsync(
        DbTransaction transaction, HistoryAction action, Figure? before, Figure? after, long version,
        string author, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO figure_history (figure_id, organization_id, indicator_id, year, action, old_value, new_value,
                                        old_qualifier, new_qualifier, old_status, new_status, old_note, new_note,
                                        old_source_text, new_source_text, version, changed_at, changed_by, reason)
            VALUES (@FigureId, @OrganizationId, @IndicatorId, @Year, @Action, @OldValue, @NewValue,
                    @OldQualifier, @NewQualifier, @OldStatus, @NewStatus, @OldNote, @NewNote,
                    @OldSourceText, @NewSourceText, @Version, @ChangedAt, @ChangedBy, @Reason)
            """;
        var figure = after ?? before!;
        await transaction.Connection!.ExecuteAsync(new CommandDefinition(sql, new
        {
            FigureId = figure.Id, figure.OrganizationId, figure.IndicatorId, figure.Year, Action = action.ToString(),
            OldValue = before?.Value, NewValue = after?.Value,
            OldQualifier = before?.Qualifier.ToString(), NewQualifier = after?.Qualifier.ToString(),
            OldStatus = before?.Status.ToString(), NewStatus = after?.Status.ToString(),
            OldNote = before?.Note, NewNote = after?.Note, OldSourceText = before?.SourceText, NewSourceText = after?.SourceText,
            Version = version, ChangedAt = now, ChangedBy = author, Reason = reason,
        }, transaction, cancellationToken: cancellationToken));
    }
}
