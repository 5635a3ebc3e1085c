using System;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Events;
using Xunit;

namespace OpenAgent.Core.Tests.Events;

public sealed class ChannelAgentEventSinkTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Events_come_out_in_order_and_a_full_channel_makes_the_writer_wait()
    {
        var (channel, sink) = ChannelAgentEventSink.CreateBounded(capacity: 1);

        await sink.EmitAsync(new TextDeltaEvent("a"), Ct);
        var second = sink.EmitAsync(new TextDeltaEvent("b"), Ct).AsTask();
        Assert.False(second.IsCompleted);

        Assert.Equal(new TextDeltaEvent("a"), await channel.Reader.ReadAsync(Ct));
        await second.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal(new TextDeltaEvent("b"), await channel.Reader.ReadAsync(Ct));
    }

    [Fact]
    public void Capacity_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ChannelAgentEventSink.CreateBounded(0));
    }

    [Fact]
    public async Task Delegate_sinks_forward_every_event()
    {
        var count = 0;
        var sink = AgentEventSink.Create(_ => count++);

        await sink.EmitAsync(new ErrorEvent("x"), Ct);
        await AgentEventSink.Null.EmitAsync(new ErrorEvent("y"), Ct);

        Assert.Equal(1, count);
    }
}
