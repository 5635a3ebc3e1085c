using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using Microsoft.Extensions.Options;
using OpenAgent.Core;
using OpenAgent.Core.Shell;

namespace OpenAgent.Benchmarks;

/// <summary>The shell tool's own cost: running <c>true</c> through <see cref="ShellCommandRunner"/> (a session of its own,
/// captured output, secret variables removed, timeout) against a bare <see cref="Process.Start()"/>; and a command that
/// needs bash.</summary>
[MemoryDiagnoser]
[SimpleJob(RuntimeMoniker.Net10_0, launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class ShellBenchmarks
{
    private readonly ShellCommandRunner _runner = new(Options.Create(new OpenAgentOptions()));
    private string _workspace = null!;

    [GlobalSetup]
    public void Setup() => _workspace = Directory.CreateTempSubdirectory("openagent-shell-bench-").FullName;

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_workspace, recursive: true);

    [Benchmark(Baseline = true, Description = "Process.Start(\"true\") + WaitForExit")]
    public int BareProcess()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false, WorkingDirectory = _workspace })!;
        process.WaitForExit();
        return process.ExitCode;
    }

    [Benchmark(Description = "Process.Start(\"/bin/bash\", \"-c true\")")]
    public int BareBash()
    {
        var start = new ProcessStartInfo("/bin/bash") { UseShellExecute = false, WorkingDirectory = _workspace, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("true");
        using var process = Process.Start(start)!;
        process.WaitForExit();
        return process.ExitCode;
    }

    [Benchmark(Description = "ShellCommandRunner \"true\" (the bash tool)")]
    public async Task<int> Runner() => (await _runner.RunAsync("true", _workspace, TimeSpan.FromSeconds(30))).ExitCode ?? -1;

    [Benchmark(Description = "ShellCommandRunner \"exit 0\" (a builtin: through bash)")]
    public async Task<int> RunnerThroughBash() => (await _runner.RunAsync("exit 0", _workspace, TimeSpan.FromSeconds(30))).ExitCode ?? -1;
}
