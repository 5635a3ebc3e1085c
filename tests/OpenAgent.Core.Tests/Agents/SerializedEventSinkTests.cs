using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Events;
using Xunit;

namespace OpenAgent.Core.Tests.Agents;

/// <summary>The run's sink wrapper: the host's sink never sees two events at once, and nothing is lost or stuck.</summary>
public sealed class SerializedEventSinkTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Counts how many deliveries overlap, yielding mid-delivery so that overlaps would show.</summary>
    private sealed class OverlapSink : IAgentEventSink
    {
        private int _inside;

        public int MostAtOnce { get; private set; }

        public ConcurrentQueue<string> Delivered { get; } = new();

        public async ValueTask EmitAsync(AgentEvent agentEvent, CancellationToken cancellationToken = default)
        {
            var inside = Interlocked.Increment(ref _inside);
            MostAtOnce = Math.Max(MostAtOnce, inside);
            await Task.Yield();
            Delivered.Enqueue(((TextDeltaEvent)agentEvent).Content);
            Interlocked.Decrement(ref _inside);
        }
    }

    [Fact]
    public async Task Eight_parallel_emitters_are_delivered_one_at_a_time_and_every_event_arrives()
    {
        var host = new OverlapSink();
        using var sink = new SerializedEventSink(host);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(e => Task.Run(async () =>
        {
            for (var i = 0; i < 250; i++)
            {
                await sink.EmitAsync(new TextDeltaEvent($"{e}:{i}"), Ct);
            }
        }, Ct)));

        Assert.Equal(1, host.MostAtOnce);
        Assert.Equal(2000, host.Delivered.Count);
        for (var e = 0; e < 8; e++)
        {
            // Each emitter's own events stay in the order it emitted them.
            Assert.Equal(Enumerable.Range(0, 250).Select(i => $"{e}:{i}"), host.Delivered.Where(d => d.StartsWith($"{e}:", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task A_waiter_whose_token_is_cancelled_throws_without_delivering_and_the_sink_keeps_working()
    {
        var release = new TaskCompletionSource();
        var delivered = new ConcurrentQueue<string>();
        using var sink = new SerializedEventSink(AgentEventSink.Create(async (e, ct) =>
        {
            if (((TextDeltaEvent)e).Content == "slow")
            {
                await release.Task;
            }

            delivered.Enqueue(((TextDeltaEvent)e).Content);
        }));
        using var cancel = new CancellationTokenSource();

        var slow = sink.EmitAsync(new TextDeltaEvent("slow"), Ct).AsTask();
        var waiting = sink.EmitAsync(new TextDeltaEvent("cancelled"), cancel.Token).AsTask();
        await cancel.CancelAsync();
        release.SetResult();
        await slow;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        await sink.EmitAsync(new TextDeltaEvent("after"), Ct);
        Assert.Equal(["slow", "after"], delivered);
        Assert.False(sink.Faulted);
    }

    [Fact]
    public async Task A_failing_host_sink_marks_the_wrapper_faulted_and_frees_the_turn()
    {
        var calls = 0;
        using var sink = new SerializedEventSink(AgentEventSink.Create((e, ct) =>
            Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("socket closed") : ValueTask.CompletedTask));

        await Assert.ThrowsAsync<InvalidOperationException>(() => sink.EmitAsync(new TextDeltaEvent("a"), Ct).AsTask());
        await sink.EmitAsync(new TextDeltaEvent("b"), Ct);

        Assert.True(sink.Faulted);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_host_sink_that_fails_after_waiting_marks_the_wrapper_faulted_and_frees_the_turn()
    {
        var delivered = new ConcurrentQueue<string>();
        using var sink = new SerializedEventSink(AgentEventSink.Create(async (e, ct) =>
        {
            await Task.Yield();
            var text = ((TextDeltaEvent)e).Content;
            if (text == "a")
            {
                throw new InvalidOperationException("socket closed");
            }

            delivered.Enqueue(text);
        }));

        await Assert.ThrowsAsync<InvalidOperationException>(() => sink.EmitAsync(new TextDeltaEvent("a"), Ct).AsTask());
        await sink.EmitAsync(new TextDeltaEvent("b"), Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.True(sink.Faulted);
        Assert.Equal(["b"], delivered);
    }

    [Fact]
    public async Task A_host_sink_that_gives_up_on_cancellation_is_not_faulted_and_frees_the_turn()
    {
        using var cancel = new CancellationTokenSource();
        var seen = new ConcurrentQueue<string>();
        using var sink = new SerializedEventSink(AgentEventSink.Create(async (e, ct) =>
        {
            var text = ((TextDeltaEvent)e).Content;
            seen.Enqueue(text);
            if (text == "a")
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
        }));

        var stuck = sink.EmitAsync(new TextDeltaEvent("a"), cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stuck);

        // Already cancelled: refused before the host's sink is called.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sink.EmitAsync(new TextDeltaEvent("never"), cancel.Token).AsTask());
        await sink.EmitAsync(new TextDeltaEvent("b"), Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.False(sink.Faulted);
        Assert.Equal(["a", "b"], seen);
    }
}
