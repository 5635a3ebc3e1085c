using System;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace OpenAgent.Core.Events;

/// <summary>
/// An <see cref="IAgentEventSink"/> that writes events into a <see cref="Channel{T}"/>, so another task can read them
/// as they happen (this is what <c>AgentSession.RunStreamingAsync</c> is built on).
/// </summary>
public sealed class ChannelAgentEventSink : IAgentEventSink
{
    private readonly ChannelWriter<AgentEvent> _writer;

    /// <summary>Initializes a new instance writing into <paramref name="writer"/>.</summary>
    /// <param name="writer">The channel writer. The sink never completes it; the owner does.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is <see langword="null"/>.</exception>
    public ChannelAgentEventSink(ChannelWriter<AgentEvent> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
    }

    /// <summary>
    /// Creates a bounded channel and a sink writing into it. When the reader falls <paramref name="capacity"/> events
    /// behind, the run waits for it (back-pressure) rather than buffering without limit.
    /// </summary>
    /// <param name="capacity">How many unread events the channel holds. Default 256.</param>
    /// <returns>The channel and the sink that writes into it.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    public static (Channel<AgentEvent> Channel, ChannelAgentEventSink Sink) CreateBounded(int capacity = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var channel = Channel.CreateBounded<AgentEvent>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        });
        return (channel, new ChannelAgentEventSink(channel.Writer));
    }

    /// <inheritdoc />
    public ValueTask EmitAsync(AgentEvent agentEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agentEvent);
        return _writer.TryWrite(agentEvent) ? ValueTask.CompletedTask : _writer.WriteAsync(agentEvent, cancellationToken);
    }
}
