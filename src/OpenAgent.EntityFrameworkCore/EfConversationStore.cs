using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Conversations;

namespace OpenAgent.EntityFrameworkCore;

/// <summary>
/// Keeps conversations in a database through EF Core: one row per conversation with its session state as JSON. A
/// context per call (from the factory), so it is safe from any thread, and several hosts can share one database.
/// </summary>
/// <remarks>
/// SQLite lets one writer in at a time and makes the others wait by sleeping on the thread they run on; so on SQLite
/// this store queues its own writes asynchronously, one at a time, and no thread-pool thread sleeps behind a lock.
/// </remarks>
/// <typeparam name="TContext">The provider's context.</typeparam>
/// <param name="contexts">Makes contexts.</param>
public sealed class EfConversationStore<TContext>(IDbContextFactory<TContext> contexts) : IConversationStore
    where TContext : OpenAgentDbContext
{
    private readonly SemaphoreSlim? _writes = typeof(TContext) == typeof(SqliteOpenAgentDbContext) ? new(1, 1) : null;

    /// <inheritdoc />
    /// <remarks>
    /// An existing row is updated in one statement, without reading its old state back; a new one is inserted (and if
    /// another writer inserted it first, updated after all).
    /// </remarks>
    public async Task SaveAsync(ConversationRecord conversation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var state = conversation.State;
        var row = new ConversationEntity
        {
            Id = conversation.Id,
            Title = conversation.Title is { Length: > 200 } longTitle ? longTitle[..200] : conversation.Title,
            CreatedAt = conversation.CreatedAt.ToUnixTimeMilliseconds(),
            UpdatedAt = conversation.UpdatedAt.ToUnixTimeMilliseconds(),
            MessageCount = state.Messages.Count,
            InputTokens = state.Usage.InputTokens,
            OutputTokens = state.Usage.OutputTokens,
            State = state.ToJson(),
        };

        await WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await UpsertAsync(row, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writes?.Release();
        }
    }

    private async Task UpsertAsync(ConversationEntity row, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            // Plain SQL (parameterised by the interpolation) rather than ExecuteUpdate: no LINQ to translate on every save.
            var updated = await db.Database.ExecuteSqlAsync(
                $"UPDATE conversations SET title = {row.Title}, created_at = {row.CreatedAt}, updated_at = {row.UpdatedAt}, message_count = {row.MessageCount}, input_tokens = {row.InputTokens}, output_tokens = {row.OutputTokens}, state = {row.State} WHERE id = {row.Id}",
                cancellationToken).ConfigureAwait(false);
            if (updated > 0)
            {
                return;
            }

            var entry = db.Conversations.Add(row);
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Another writer inserted the same id between the update and the insert: update it after all.
                entry.State = EntityState.Detached;
            }
        }
    }

    /// <inheritdoc />
    public async Task<ConversationRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var entity = await db.Conversations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken).ConfigureAwait(false);
        return entity is null ? null : new ConversationRecord
        {
            Id = entity.Id,
            Title = entity.Title,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(entity.CreatedAt),
            UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(entity.UpdatedAt),
            State = AgentSessionState.FromJson(entity.State),
        };
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ConversationSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.Conversations.AsNoTracking()
            .OrderByDescending(c => c.CreatedAt)
            .Select(c => new { c.Id, c.Title, c.CreatedAt, c.MessageCount })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => new ConversationSummary(r.Id, r.Title, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt), r.MessageCount))];
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await WaitToWriteAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            return await db.Conversations.Where(c => c.Id == id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
        }
        finally
        {
            _writes?.Release();
        }
    }

    private Task WaitToWriteAsync(CancellationToken cancellationToken) => _writes?.WaitAsync(cancellationToken) ?? Task.CompletedTask;
}
