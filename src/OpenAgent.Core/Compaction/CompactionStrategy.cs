using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace OpenAgent.Core.Compaction;

/// <summary>
/// Keeps a conversation small enough for the model's context window. The loop calls <see cref="MicroCompact"/> before
/// every model call and <see cref="CompactAsync"/> when the context passes its threshold or compaction is requested.
/// </summary>
/// <remarks>
/// Derive from this class and override the <c>Core</c> methods; register the strategy with
/// <c>services.AddSingleton&lt;CompactionStrategy, T&gt;()</c>. The base class checks arguments and keeps the
/// public methods' contract.
/// </remarks>
public abstract class CompactionStrategy
{
    /// <summary>Cheaply shrinks the history before a model call, without calling a model.</summary>
    /// <param name="history">The history to shrink in place.</param>
    public void MicroCompact(IList<ChatMessage> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        MicroCompactCore(history);
    }

    /// <summary>Replaces older history with something shorter (typically a model-written summary).</summary>
    /// <param name="context">The history and why it is compacted.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the history has been replaced.</returns>
    public ValueTask CompactAsync(CompactionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return CompactCoreAsync(context, cancellationToken);
    }

    /// <summary>Shrinks the history in place. The default does nothing.</summary>
    /// <param name="history">The history.</param>
    protected virtual void MicroCompactCore(IList<ChatMessage> history)
    {
    }

    /// <summary>Replaces older history with something shorter.</summary>
    /// <param name="context">The history and why it is compacted.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the history has been replaced.</returns>
    protected abstract ValueTask CompactCoreAsync(CompactionContext context, CancellationToken cancellationToken);
}
