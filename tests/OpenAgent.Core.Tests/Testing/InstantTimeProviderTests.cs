using System;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.Core.Tests.Testing;

public sealed class InstantTimeProviderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Waits_end_at_once_and_are_recorded_in_order()
    {
        var clock = new InstantTimeProvider();

        // Without the clock these would take an hour and five minutes.
        await Task.Delay(TimeSpan.FromHours(1), clock, Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5), clock);
        await Task.Delay(Timeout.InfiniteTimeSpan, timeout.Token).ContinueWith(_ => { }, Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.True(timeout.IsCancellationRequested);
        Assert.Equal([TimeSpan.FromHours(1), TimeSpan.FromMinutes(5)], clock.Waits);
    }

    [Fact]
    public void A_timer_that_never_fires_is_left_alone()
    {
        var clock = new InstantTimeProvider();
        var fired = false;

        using var timer = clock.CreateTimer(_ => fired = true, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        Assert.Empty(clock.Waits);
        Assert.False(fired);
    }
}
