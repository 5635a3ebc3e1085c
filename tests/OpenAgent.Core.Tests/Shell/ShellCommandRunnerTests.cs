using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Options;
using OpenAgent.Core.Shell;
using OpenAgent.Core.Tests.Support;
using Xunit;

namespace OpenAgent.Core.Tests.Shell;

/// <summary>
/// The runner's two ways of starting a command — <c>posix_spawn</c> on Linux, <see cref="System.Diagnostics.Process"/>
/// with <c>setsid</c> elsewhere and under the sandbox — give the same results and the same guarantees.
/// </summary>
public sealed class ShellCommandRunnerTests : IDisposable
{
    private readonly string _workspace = Directory.CreateTempSubdirectory("openagent-runner-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_workspace, recursive: true);

    private static ShellCommandRunner Runner(bool spawn) => new(Options.Create(new OpenAgentOptions())) { UseSpawn = spawn };

    [Theory]
    [InlineData("echo out; echo err >&2; echo again", 0, "out\nerr\nagain\n")]
    [InlineData("ls no-such-file 2>/dev/null; exit 3", 3, "")]
    [InlineData("cat; read line; echo after", 0, "after\n")]
    [InlineData("kill -9 $$", 137, "")]
    [InlineData("printf '%s' \"$PWD\" | wc -c | tr -d ' '", 0, null)]
    [InlineData("true", 0, "")]
    [InlineData("no-such-program-here", 127, null)]
    public async Task Both_start_paths_report_the_same_output_and_exit_code(string command, int exitCode, string? output)
    {
        var spawned = await Runner(spawn: true).RunAsync(command, _workspace, TimeSpan.FromSeconds(10), Ct);
        var started = await Runner(spawn: false).RunAsync(command, _workspace, TimeSpan.FromSeconds(10), Ct);

        Assert.Equal(exitCode, spawned.ExitCode);
        Assert.Equal(exitCode, started.ExitCode);
        Assert.Equal(started.Output.Replace("line 2:", "line 1:", StringComparison.Ordinal), spawned.Output);
        if (output is not null)
        {
            Assert.Equal(output, spawned.Output);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_timed_out_command_and_what_it_started_are_killed(bool spawn)
    {
        var result = await Runner(spawn).RunAsync("sleep 300 & echo $! > child.pid; echo started; exec sleep 300", _workspace, TimeSpan.FromSeconds(1), Ct);

        Assert.True(result.TimedOut);
        Assert.Null(result.ExitCode);
        Assert.Equal("started\n", result.Output);
        var child = await TestHelpers.ReadPidAsync(Path.Combine(_workspace, "child.pid"), Ct);
        await TestHelpers.WaitUntilAsync(() => !TestHelpers.IsAlive(child), Ct);
    }

    [Theory]
    [InlineData(true, "3001")]
    [InlineData(false, "3002")]
    public async Task A_plain_long_command_is_cancelled_and_gone(bool spawn, string seconds)
    {
        // A duration no other test uses, so the process can be found by its command line.
        var command = "sleep " + seconds;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var run = Runner(spawn).RunAsync(command, _workspace, TimeSpan.FromMinutes(5), cancel.Token);
        await TestHelpers.WaitUntilAsync(() => Running(command), Ct);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        await TestHelpers.WaitUntilAsync(() => !Running(command), Ct);
    }

    private static bool Running(string command)
    {
        var wanted = command.Replace(' ', '\0') + "\0";
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(folder, "cmdline")) == wanted && !File.ReadAllText(Path.Combine(folder, "stat")).Contains(") Z ", StringComparison.Ordinal))
                {
                    return true;
                }
            }
            catch (IOException)
            {
                // The process ended while it was being read.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return false;
    }
}
