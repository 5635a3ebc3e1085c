using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Events;

namespace OpenAgent.Core.Agents;

/// <summary>
/// Wraps the host's sink for one run so that it never sees two events at once (tools run in parallel and may emit
/// their own events), and remembers whether the host's sink failed, so that failure is not mistaken for a model error.
/// </summary>
/// <remarks>
/// Most events find the gate free and a sink that finishes at once (it writes to a channel or a buffer): those pass
/// without an async state machine. Only a busy gate or a sink that really waits takes the awaiting path.
/// </remarks>
internal sealed class SerializedEventSink(IAgentEventSink inner) : IAgentEventSink, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public bool Faulted { get; private set; }

    public ValueTask EmitAsync(AgentEvent agentEvent, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        return _gate.Wait(0, CancellationToken.None) ? DeliverHoldingGate(agentEvent, cancellationToken) : EmitWhenFreeAsync(agentEvent, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask EmitWhenFreeAsync(AgentEvent agentEvent, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);

        // The gate may hand its turn to a waiter whose token was cancelled a moment before: such an event is not delivered.
        if (cancellationToken.IsCancellationRequested)
        {
            _gate.Release();
            cancellationToken.ThrowIfCancellationRequested();
        }

        await DeliverHoldingGate(agentEvent, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Hands the event to the host's sink while the gate is held, and frees the gate when the sink is done with it. A sink
    /// that finishes at once costs no state machine; failures come back in the returned task, never thrown from here.
    /// </summary>
    private ValueTask DeliverHoldingGate(AgentEvent agentEvent, CancellationToken cancellationToken)
    {
        try
        {
            var delivery = inner.EmitAsync(agentEvent, cancellationToken);
            if (!delivery.IsCompleted)
            {
                return ReleaseAfterAsync(delivery);
            }

            delivery.GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            Release(ex);
            return ValueTask.FromException(ex);
        }

        _gate.Release();
        return ValueTask.CompletedTask;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ReleaseAfterAsync(ValueTask delivery)
    {
        try
        {
            await delivery.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Release(ex);
            throw;
        }

        _gate.Release();
    }

    /// <summary>Frees the gate after a failed delivery; a failure other than cancellation marks the host's sink as faulted.</summary>
    private void Release(Exception failure)
    {
        Faulted |= failure is not OperationCanceledException;
        _gate.Release();
    }

    // The gate is left to the GC: events from outside the loop (teammates) may still arrive after the run ended, and must
    // fail quietly rather than on a disposed gate. A SemaphoreSlim without a wait handle holds nothing to release.
    public void Dispose()
    {
    }
}
