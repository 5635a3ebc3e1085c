using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Agents;

namespace OpenAgent.Core.Conversations;

/// <summary>
/// Keeps conversations in memory, as their serialised JSON (so a stored conversation never shares objects with a live
/// session). Lost when the process ends: use OpenAgent.EntityFrameworkCore to keep them.
/// </summary>
public sealed class InMemoryConversationStore : IConversationStore
{
    private readonly ConcurrentDictionary<string, (string? Title, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string State, int Count)> _conversations =
        new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task SaveAsync(ConversationRecord conversation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        _conversations[conversation.Id] = (conversation.Title, conversation.CreatedAt, conversation.UpdatedAt, conversation.State.ToJson(), conversation.State.Messages.Count);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<ConversationRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return Task.FromResult(_conversations.TryGetValue(id, out var stored)
            ? new ConversationRecord { Id = id, Title = stored.Title, CreatedAt = stored.CreatedAt, UpdatedAt = stored.UpdatedAt, State = AgentSessionState.FromJson(stored.State) }
            : null);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ConversationSummary>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ConversationSummary>>(
            [.. _conversations.Select(p => new ConversationSummary(p.Key, p.Value.Title, p.Value.CreatedAt, p.Value.Count)).OrderByDescending(c => c.CreatedAt)]);

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(_conversations.TryRemove(id, out _));
}
