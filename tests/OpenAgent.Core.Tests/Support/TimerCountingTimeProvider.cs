using System;
using System.Threading;
using Microsoft.Extensions.Time.Testing;

namespace OpenAgent.Core.Tests.Support;

/// <summary>A fake clock that counts the timers created on it, so a test can advance time only once a wait has begun.</summary>
public sealed class TimerCountingTimeProvider : FakeTimeProvider
{
    private int _timers;

    public int Timers => Volatile.Read(ref _timers);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _timers);
        return timer;
    }
}
