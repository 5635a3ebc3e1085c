using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Tasks;

namespace OpenAgent.Benchmarks;

/// <summary>
/// Runs one contestant of <see cref="LoopOverheadBenchmarks"/> over and over for a profiler to sample (<c>perf record</c>,
/// <c>dotnet-trace</c>): <c>--profile-loop bare|ficc|openagent [seconds]</c>. Prints the time per conversation of three
/// rounds; BenchmarkDotNet stays the measurement of record.
/// </summary>
internal static class ProfileLoop
{
    public static async Task RunAsync(string[] args)
    {
        var at = Array.IndexOf(args, "--profile-loop");
        var which = args.Length > at + 1 ? args[at + 1] : "openagent";
        var seconds = args.Length > at + 2 ? int.Parse(args[at + 2], CultureInfo.InvariantCulture) : 5;
        var benchmarks = new LoopOverheadBenchmarks();
        benchmarks.Setup();
        Func<Task<int>> run = which switch
        {
            "bare" => benchmarks.BareLoop,
            "ficc" => benchmarks.FunctionInvokingChatClient,
            "openagent" => benchmarks.OpenAgentSession,
            _ => throw new ArgumentException($"Unknown contestant '{which}': use bare, ficc or openagent."),
        };

        try
        {
            for (var i = 0; i < 20_000; i++)
            {
                await run();
            }

            for (var round = 0; round < 3; round++)
            {
                var clock = Stopwatch.StartNew();
                var runs = 0;
                var collections = GC.CollectionCount(0);
                while (clock.Elapsed.TotalSeconds < seconds)
                {
                    for (var i = 0; i < 1_000; i++)
                    {
                        await run();
                    }

                    runs += 1_000;
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{which}: {clock.Elapsed.TotalMicroseconds / runs:F2} µs per conversation, {runs:N0} runs, {GC.CollectionCount(0) - collections} gen0 collections"));
            }
        }
        finally
        {
            await benchmarks.Cleanup();
        }
    }
}
