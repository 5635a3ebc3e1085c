using System;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAgent.Core.Events;

/// <summary>
/// Ready-made <see cref="IAgentEventSink"/> implementations.
/// </summary>
public static class AgentEventSink
{
    /// <summary>Gets a sink that discards every event.</summary>
    public static IAgentEventSink Null { get; } = new NullSink();

    /// <summary>Creates a sink that calls <paramref name="emit"/> for each event.</summary>
    /// <param name="emit">The callback.</param>
    /// <returns>The sink.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="emit"/> is <see langword="null"/>.</exception>
    public static IAgentEventSink Create(Func<AgentEvent, CancellationToken, ValueTask> emit)
    {
        ArgumentNullException.ThrowIfNull(emit);
        return new DelegateSink(emit);
    }

    /// <summary>Creates a sink that calls <paramref name="emit"/> for each event.</summary>
    /// <param name="emit">The callback.</param>
    /// <returns>The sink.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="emit"/> is <see langword="null"/>.</exception>
    public static IAgentEventSink Create(Action<AgentEvent> emit)
    {
        ArgumentNullException.ThrowIfNull(emit);
        return new DelegateSink((e, _) =>
        {
            emit(e);
            return ValueTask.CompletedTask;
        });
    }

    private sealed class NullSink : IAgentEventSink
    {
        public ValueTask EmitAsync(AgentEvent agentEvent, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }

    private sealed class DelegateSink(Func<AgentEvent, CancellationToken, ValueTask> emit) : IAgentEventSink
    {
        public ValueTask EmitAsync(AgentEvent agentEvent, CancellationToken cancellationToken = default) => emit(agentEvent, cancellationToken);
    }
}
