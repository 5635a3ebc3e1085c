using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Core.Events;

namespace OpenAgent.Core.Agents;

/// <content>Events: model-call tracing, and events raised outside the loop's own steps.</content>
public sealed partial class AgentSession
{
    private int _traceSequence;

    /// <summary>
    /// <paramref name="client"/> wrapped in an <see cref="Llm.AgentTracingChatClient"/> reporting to <paramref name="events"/>
    /// when tracing is on (sequence numbers run on across the session's runs and its sub-agents), else the client itself.
    /// </summary>
    internal IChatClient Traced(IChatClient client, IAgentEventSink events) =>
        TracingEnabled
            ? new Llm.AgentTracingChatClient(client, events, Services.GetService<Llm.SecretRedactor>(), () => Interlocked.Increment(ref _traceSequence))
            : client;

    /// <summary>
    /// Gets or sets where events go that happen outside the loop's own steps — teammates' status changes and the task
    /// updates they make — whether a run is going or not. It must accept calls from any thread (a
    /// <see cref="ChannelAgentEventSink"/> does). When <see langword="null"/>, such events go to the current run's sink
    /// while a run is going, and are dropped otherwise.
    /// </summary>
    public IAgentEventSink? BackgroundEvents { get; set; }

    private IAgentEventSink? _runEvents;

    /// <summary>The sink of the run in progress (serialised with the loop's own events), for events from outside the loop.</summary>
    internal IAgentEventSink? RunEvents
    {
        get => Volatile.Read(ref _runEvents);
        set => Volatile.Write(ref _runEvents, value);
    }

    /// <summary>Reports an event raised outside the loop's own steps; a sink that fails (a closed connection) loses it, nothing else.</summary>
    internal async ValueTask EmitOutsideRunAsync(AgentEvent agentEvent, CancellationToken cancellationToken)
    {
        var sink = BackgroundEvents ?? RunEvents;
        if (sink is null)
        {
            return;
        }

        try
        {
            await sink.EmitAsync(agentEvent, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The host's sink is gone (its run ended, its socket closed): the event has nowhere to go.
        }
    }
}
