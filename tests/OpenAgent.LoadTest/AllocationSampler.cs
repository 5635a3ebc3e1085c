using System;
using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Linq;

namespace OpenAgent.LoadTest;

/// <summary>Counts the runtime's allocation ticks (one per ~100 KB allocated) by the type that crossed the mark.</summary>
internal sealed class AllocationSampler : EventListener
{
    private readonly ConcurrentDictionary<string, long> _bytes = new();

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.Payload is null)
        {
            return;
        }

        var index = eventData.PayloadNames!.IndexOf("TypeName");
        var amount = eventData.PayloadNames.IndexOf("AllocationAmount64");
        var type = index >= 0 ? eventData.Payload[index] as string ?? "?" : "?";
        var bytes = amount >= 0 ? Convert.ToInt64(eventData.Payload[amount], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        _bytes.AddOrUpdate(type, bytes, (_, total) => total + bytes);
    }

    public string Report()
    {
        var total = _bytes.Values.Sum();
        return string.Join('\n', _bytes.OrderByDescending(p => p.Value).Take(30)
            .Select(p => $"{100.0 * p.Value / total,5:F1}%  {p.Key}"));
    }
}
