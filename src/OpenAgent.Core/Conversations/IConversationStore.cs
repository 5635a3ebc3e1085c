using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAgent.Core.Conversations;

/// <summary>
/// Where conversations are kept between runs and across restarts. The default keeps them in memory
/// (<see cref="InMemoryConversationStore"/>); OpenAgent.EntityFrameworkCore keeps them in a database.
/// Implementations must be safe to call from several threads.
/// </summary>
public interface IConversationStore
{
    /// <summary>Adds or replaces a conversation.</summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when it is stored.</returns>
    Task SaveAsync(ConversationRecord conversation, CancellationToken cancellationToken = default);

    /// <summary>Gets a conversation.</summary>
    /// <param name="id">The conversation id.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The conversation, or <see langword="null"/> when there is none with that id.</returns>
    Task<ConversationRecord?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Lists the conversations, newest first.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The conversations.</returns>
    Task<IReadOnlyList<ConversationSummary>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes a conversation.</summary>
    /// <param name="id">The conversation id.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>Whether there was one to delete.</returns>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);
}
