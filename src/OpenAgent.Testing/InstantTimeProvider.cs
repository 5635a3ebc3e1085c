using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace OpenAgent.Testing;

/// <summary>
/// A clock whose timers fire at once and which records every wait it was asked for, so code that waits (retry back-off,
/// <c>Retry-After</c>, timeouts) runs at full speed while a test checks how long it would have waited.
/// </summary>
/// <remarks>
/// Register it as the <see cref="TimeProvider"/> (<c>services.AddSingleton&lt;TimeProvider&gt;(clock)</c>). The wall clock
/// and timestamps are the system's; only timers are cut short. Timers that never fire
/// (<see cref="Timeout.InfiniteTimeSpan"/>) are left alone and not recorded. Use
/// <c>Microsoft.Extensions.TimeProvider.Testing</c>'s <c>FakeTimeProvider</c> instead when a test must decide when each
/// wait ends (an approval that times out, a teammate's poll).
/// </remarks>
public sealed class InstantTimeProvider : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _waits = new();

    /// <summary>Gets every wait asked for so far, in the order asked.</summary>
    public IReadOnlyList<TimeSpan> Waits => [.. _waits];

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime == Timeout.InfiniteTimeSpan)
        {
            return System.CreateTimer(callback, state, dueTime, period);
        }

        _waits.Enqueue(dueTime);
        return System.CreateTimer(callback, state, TimeSpan.Zero, period);
    }
}
