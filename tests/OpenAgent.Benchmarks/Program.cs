using System;
using System.Threading.Tasks;
using BenchmarkDotNet.Running;

namespace OpenAgent.Benchmarks;

internal static class Program
{
    private static async Task Main(string[] args)
    {
        if (Array.IndexOf(args, "--compaction-tokens") >= 0)
        {
            await CompactionReplay.PrintAsync();
            return;
        }

        if (Array.IndexOf(args, "--profile-loop") >= 0)
        {
            await ProfileLoop.RunAsync(args);
            return;
        }

        if (Array.IndexOf(args, "--long-session") >= 0)
        {
            await LongSession.PrintAsync();
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
