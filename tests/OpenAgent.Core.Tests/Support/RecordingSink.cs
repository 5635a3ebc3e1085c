using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Events;

namespace OpenAgent.Core.Tests.Support;

/// <summary>Keeps every event; optionally reacts to one (to cancel or interrupt at a precise point).</summary>
public sealed class RecordingSink : IAgentEventSink
{
    private readonly List<AgentEvent> _events = [];
    private int _concurrent;

    public Func<AgentEvent, ValueTask>? OnEvent { get; set; }

    public bool SawConcurrentEmit { get; private set; }

    public IReadOnlyList<AgentEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public IReadOnlyList<T> OfType<T>() where T : AgentEvent => [.. Events.OfType<T>()];

    public IReadOnlyList<string> Types => [.. Events.Select(e => e.Type)];

    public string Text => string.Concat(OfType<TextDeltaEvent>().Select(e => e.Content));

    public void Clear()
    {
        lock (_events)
        {
            _events.Clear();
        }
    }

    public async ValueTask EmitAsync(AgentEvent agentEvent, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Increment(ref _concurrent) > 1)
        {
            SawConcurrentEmit = true;
        }

        try
        {
            lock (_events)
            {
                _events.Add(agentEvent);
            }

            await Task.Yield();
            if (OnEvent is { } onEvent)
            {
                await onEvent(agentEvent);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _concurrent);
        }
    }
}
