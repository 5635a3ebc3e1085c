using System.Threading;
using System.Threading.Tasks;

namespace OpenAgent.Core.Events;

/// <summary>
/// Receives the events of an agent run: streamed text, tool calls and results, approvals, compaction, errors and the
/// final <see cref="DoneEvent"/>.
/// </summary>
/// <remarks>
/// The loop never calls <see cref="EmitAsync"/> concurrently on one sink during a run, even when tools run in parallel,
/// so implementations need no locking of their own. A sink that is slow to return slows the run down (back-pressure);
/// a sink that throws ends the run.
/// </remarks>
public interface IAgentEventSink
{
    /// <summary>Delivers one event.</summary>
    /// <param name="agentEvent">The event.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the event has been accepted.</returns>
    ValueTask EmitAsync(AgentEvent agentEvent, CancellationToken cancellationToken = default);
}
