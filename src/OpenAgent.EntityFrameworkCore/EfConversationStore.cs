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
/// <typeparam name="TContext">The provider's context.</typeparam>
/// <param name="contexts">Makes contexts.</param>
public sealed class EfConversationStore<TContext>(IDbContextFactory<TContext> contexts) : IConversationStore
    where TContext : OpenAgentDbContext
{
    /// <inheritdoc />
    public async Task SaveAsync(ConversationRecord conversation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var entity = await db.Conversations.FindAsync([conversation.Id], cancellationToken).ConfigureAwait(false);
        var state = conversation.State;
        if (entity is null)
        {
            entity = new ConversationEntity { Id = conversation.Id, State = string.Empty };
            db.Conversations.Add(entity);
        }

        entity.Title = conversation.Title is { Length: > 200 } title ? title[..200] : conversation.Title;
        entity.CreatedAt = conversation.CreatedAt.ToUnixTimeMilliseconds();
        entity.UpdatedAt = conversation.UpdatedAt.ToUnixTimeMilliseconds();
        entity.MessageCount = state.Messages.Count;
        entity.InputTokens = state.Usage.InputTokens;
        entity.OutputTokens = state.Usage.OutputTokens;
        entity.State = state.ToJson();
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
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
        await using var db = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Conversations.Where(c => c.Id == id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
    }
}
