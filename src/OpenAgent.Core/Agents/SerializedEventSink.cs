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
internal sealed class SerializedEventSink(IAgentEventSink inner) : IAgentEventSink, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public bool Faulted { get; private set; }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask EmitAsync(AgentEvent agentEvent, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The gate may hand its turn to a waiter whose token was cancelled a moment before: such an event is not delivered.
            cancellationToken.ThrowIfCancellationRequested();
            await inner.EmitAsync(agentEvent, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Faulted = true;
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    // The gate is left to the GC: events from outside the loop (teammates) may still arrive after the run ended, and must
    // fail quietly rather than on a disposed gate. A SemaphoreSlim without a wait handle holds nothing to release.
    public void Dispose()
    {
    }
}
