using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAgent.LoadTest;

/// <summary>The settings of a run of the load test.</summary>
internal sealed record LoadSettings(int Messages, int Turns, TimeSpan Latency, TimeSpan Ramp, TimeSpan Think, int ConnectParallelism, TimeSpan Timeout, string Store);

/// <summary>What one round (N conversations against a fresh server) measured.</summary>
internal sealed record RoundResult(
    int Conversations,
    int Completed,
    int Errors,
    IReadOnlyList<string> FirstErrors,
    double WallSeconds,
    long Events,
    double EventsPerSecond,
    double ModelCallsPerSecond,
    double AddedP50Ms,
    double AddedP95Ms,
    double AddedP99Ms,
    double AddedMaxMs,
    double PerCallOverheadP50Ms,
    double PerCallOverheadP99Ms,
    double IdleKbPerConversation,
    double BusyKbPerConversation,
    double ServerCpuSeconds,
    double AllocatedKbPerModelCall,
    double ClientCpuSeconds,
    double ServerWorkingSetMb,
    int OpenSessions,
    double ServerGcPauseMs,
    int ServerCollections,
    double ClientGcPauseMs,
    int ClientCollections);

/// <summary>One round: a fresh server, N conversations connected, held mid-run and weighed, run, and weighed idle.</summary>
internal static class LoadRound
{
    public static async Task<RoundResult> RunAsync(int count, LoadSettings settings, Action<string> log, CancellationToken cancellationToken)
    {
        await using var server = await ServerProcess.StartAsync(settings.Latency, settings.Turns, settings.Store, cancellationToken);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = settings.ConnectParallelism };
        using var http = new HttpClient(handler) { Timeout = settings.Timeout };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Timeout);
        var ct = deadline.Token;

        // Warm-up: one whole conversation, so start-up costs (JIT, the store's first write) are out of every figure.
        using (var warm = new LoadConversation(-1))
        {
            await warm.OpenAsync(http, server.BaseUri, ct);
            await warm.RunAsync(settings.Messages, TimeSpan.Zero, ct);
            await warm.CloseAsync(ct);
        }

        var baseline = await server.StatsAsync(collect: true, ct);

        var conversations = Enumerable.Range(0, count).Select(i => new LoadConversation(i)).ToArray();
        try
        {
            await Parallel.ForEachAsync(conversations, new ParallelOptions { MaxDegreeOfParallelism = settings.ConnectParallelism, CancellationToken = ct },
                async (c, token) => await c.OpenAsync(http, server.BaseUri, token));
            log($"  {count} conversations connected");

            // Busy: every conversation mid-run, its model call held, then weighed.
            var holds = conversations.Select(c => c.SendAsync("hold on", record: false, ct)).ToArray();
            var held = await WaitForAsync(server, s => s.Held >= count, ct);
            var busy = await server.StatsAsync(collect: true, ct);
            await server.ReleaseAsync();
            await Task.WhenAll(holds);
            log($"  {held.Held} runs held and weighed");

            // The timed part: each conversation starts at a random moment within the ramp, then sends its messages.
            var before = await server.StatsAsync(collect: false, ct);
            var clientCpuBefore = Environment.CpuUsage.TotalTime;
            var clientPauseBefore = GC.GetTotalPauseDuration();
            var clientCollectionsBefore = GC.CollectionCount(0);
            var random = new Random(count);
            var starts = conversations.Select(_ => TimeSpan.FromMilliseconds(random.NextDouble() * settings.Ramp.TotalMilliseconds)).ToArray();
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(conversations.Select(async c =>
            {
                await Task.Delay(starts[c.Index], ct);
                try
                {
                    await c.RunAsync(settings.Messages, settings.Think, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    c.Errors.Add(e.GetType().Name + ": " + e.Message);
                }
            }));
            var wall = clock.Elapsed;
            var clientCpu = Environment.CpuUsage.TotalTime - clientCpuBefore;
            var clientPause = GC.GetTotalPauseDuration() - clientPauseBefore;
            var clientCollections = GC.CollectionCount(0) - clientCollectionsBefore;
            var afterRun = await server.StatsAsync(collect: false, ct);
            if (afterRun.LastYoung is { } young)
            {
                log(string.Create(CultureInfo.InvariantCulture,
                    $"  server's last young collection: gen{young.Generation}, paused {young.PauseMilliseconds:F1} ms, promoted {young.PromotedKb:F0} KB, {young.PinnedObjects} pinned objects, heap {young.HeapKb / 1024:F0} MB"));
            }

            // Idle: every conversation connected, its runs over.
            var idle = await server.StatsAsync(collect: true, ct);

            var delays = conversations.SelectMany(c => c.Delays).Select(ToMilliseconds).Order().ToArray();
            var modelCalls = settings.Messages * settings.Turns;
            var modelTime = modelCalls * settings.Latency.TotalMilliseconds;
            var overheads = conversations.Where(c => c.Elapsed > TimeSpan.Zero)
                .Select(c => (c.Elapsed.TotalMilliseconds - modelTime) / modelCalls).Order().ToArray();
            var completed = conversations.Count(c => c.Errors.Count == 0 && c.Runs == settings.Messages + 1);
            var errors = conversations.Sum(c => c.Errors.Count);
            var events = conversations.Sum(c => (long)c.Events);

            return new RoundResult(
                count,
                completed,
                errors,
                [.. conversations.SelectMany(c => c.Errors).Take(5)],
                wall.TotalSeconds,
                events,
                events / wall.TotalSeconds,
                count * modelCalls / wall.TotalSeconds,
                Percentile(delays, 0.50),
                Percentile(delays, 0.95),
                Percentile(delays, 0.99),
                delays.Length == 0 ? double.NaN : delays[^1],
                Percentile(overheads, 0.50),
                Percentile(overheads, 0.99),
                (idle.ManagedBytes - baseline.ManagedBytes) / 1024.0 / count,
                (busy.ManagedBytes - baseline.ManagedBytes) / 1024.0 / count,
                (afterRun.CpuMilliseconds - before.CpuMilliseconds) / 1000,
                (afterRun.AllocatedBytes - before.AllocatedBytes) / 1024.0 / (count * modelCalls),
                clientCpu.TotalSeconds,
                idle.WorkingSetBytes / 1024.0 / 1024,
                idle.OpenSessions,
                afterRun.GcPauseMilliseconds - before.GcPauseMilliseconds,
                afterRun.Collections - before.Collections,
                clientPause.TotalMilliseconds,
                clientCollections);
        }
        finally
        {
            await Task.WhenAll(conversations.Select(async c =>
            {
                try
                {
                    using var close = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    await c.CloseAsync(close.Token);
                }
                catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or OperationCanceledException)
                {
                }

                c.Dispose();
            }));
        }
    }

    private static double ToMilliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static async Task<ServerStats> WaitForAsync(ServerProcess server, Func<ServerStats, bool> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            var stats = await server.StatsAsync(collect: false, cancellationToken);
            if (condition(stats))
            {
                return stats;
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
