using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Tests.Support;
using OpenAgent.Core.Tools;
using Xunit;

namespace OpenAgent.Core.Tests.Shell;

/// <summary>The bash tool with real processes in a real temp workspace.</summary>
public sealed class BashToolTests : IAsyncLifetime
{
    private AgentHarness _harness = null!;
    private AgentSession _session = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _harness = new AgentHarness(options: o => o.BashTimeout = TimeSpan.FromSeconds(3));
        _session = _harness.NewSession();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _session.DisposeAsync();
        await _harness.DisposeAsync();
    }

    private Task<ToolResult> Bash(string command) => BashUntil(command, Ct);

    private Task<ToolResult> BashUntil(string command, CancellationToken cancellationToken) =>
        _session.InvokeToolAsync("bash", new { command }, cancellationToken);

    private static Task AssertGoneAsync(int pid) => TestHelpers.WaitUntilAsync(() => !TestHelpers.IsAlive(pid), Ct);

    private Task<int> ReadPid(string file) => TestHelpers.ReadPidAsync(Path.Combine(_session.WorkspacePath, file), Ct);

    [Fact]
    public async Task Runs_in_the_workspace_and_reports_output_and_exit_code()
    {
        var result = await Bash("pwd; touch made.txt; echo done");

        Assert.Equal($"{_session.WorkspacePath}\ndone\n[exit code: 0]", result.Content);
        Assert.True(File.Exists(Path.Combine(_session.WorkspacePath, "made.txt")));
    }

    [Fact]
    public async Task Stdout_and_stderr_arrive_in_the_order_they_were_written()
    {
        var result = await Bash("echo one; echo two >&2; echo three; echo four >&2");

        Assert.Equal("one\ntwo\nthree\nfour\n[exit code: 0]", result.Content);
    }

    [Fact]
    public async Task A_failing_command_reports_its_exit_code()
    {
        var result = await Bash("ls no-such-file; exit 3");

        Assert.False(result.IsError);
        Assert.Contains("no-such-file", result.Content, StringComparison.Ordinal);
        Assert.EndsWith("[exit code: 3]", result.Content, StringComparison.Ordinal);
        Assert.Equal("(no output)\n[exit code: 0]", (await Bash("true")).Content);
    }

    [Fact]
    public async Task Standard_input_is_closed_so_reading_it_does_not_hang()
    {
        var result = await Bash("cat; read line; echo after");

        Assert.Equal("after\n[exit code: 0]", result.Content);
    }

    [Fact]
    public async Task A_command_that_runs_too_long_is_stopped_with_its_whole_process_tree()
    {
        var result = await Bash("sleep 300 & echo $! > child.pid; echo started; sleep 300");

        Assert.True(result.IsError);
        Assert.StartsWith("Error: The command timed out after 3 s and was stopped.", result.Content, StringComparison.Ordinal);
        Assert.Contains("started", result.Content, StringComparison.Ordinal);
        await AssertGoneAsync(await ReadPid("child.pid"));
    }

    [Fact]
    public async Task Nothing_a_finished_command_started_keeps_running()
    {
        var result = await Bash("(sleep 300 & echo $! > orphan.pid); echo quick");

        Assert.Equal("quick\n[exit code: 0]", result.Content);
        await AssertGoneAsync(await ReadPid("orphan.pid"));
    }

    [Fact]
    public async Task Cancellation_stops_the_command_and_its_children()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var run = BashUntil("sleep 300 & echo $! > cancelled.pid; sleep 300", cts.Token);
        var pid = await ReadPid("cancelled.pid");
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        await AssertGoneAsync(pid);
    }

    [Fact]
    public async Task Output_is_capped_with_a_note_saying_how_much_was_cut()
    {
        var result = await Bash("head -c 200000 /dev/zero | tr '\\0' 'x'");

        Assert.StartsWith(new string('x', 50_000) + "\n... [output cut: 150,000 more characters]", result.Content, StringComparison.Ordinal);
        Assert.EndsWith("[exit code: 0]", result.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secrets_in_the_host_environment_do_not_reach_the_command()
    {
        Environment.SetEnvironmentVariable("OPENAGENT_TEST_API_KEY", "sk-do-not-leak");
        Environment.SetEnvironmentVariable("OPENAGENT_TEST_GITHUB_TOKEN", "ghp-do-not-leak");
        Environment.SetEnvironmentVariable("OPENAGENT_TEST_PLAIN", "visible");
        try
        {
            var result = await Bash("echo key=${OPENAGENT_TEST_API_KEY:-none} token=${OPENAGENT_TEST_GITHUB_TOKEN:-none} plain=$OPENAGENT_TEST_PLAIN; env | grep -c LEAK || true");

            Assert.StartsWith("key=none token=none plain=visible", result.Content, StringComparison.Ordinal);
            Assert.DoesNotContain("do-not-leak", result.Content, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("OPENAGENT_TEST_API_KEY", null);
            Environment.SetEnvironmentVariable("OPENAGENT_TEST_GITHUB_TOKEN", null);
            Environment.SetEnvironmentVariable("OPENAGENT_TEST_PLAIN", null);
        }
    }

    [Fact]
    public async Task A_plain_command_starts_without_a_shell_and_leads_a_session_of_its_own()
    {
        // /proc/self/stat: pid (comm) state ppid pgrp session ...
        static int[] Stat(string content) =>
            [.. content[..content.IndexOf('\n', StringComparison.Ordinal)].Split(' ').Where((_, i) => i is 0 or 3 or 4 or 5).Select(int.Parse)];

        var plain = Stat((await Bash("cat /proc/self/stat")).Content);
        var listed = Stat((await Bash("cat /proc/self/stat; true")).Content);

        // Started straight from this process, as the leader of its own process group and session.
        Assert.Equal([plain[0], Environment.ProcessId, plain[0], plain[0]], plain);

        // A list needs bash: bash leads the session and the group, and cat runs inside them.
        Assert.NotEqual(Environment.ProcessId, listed[1]);
        Assert.Equal([listed[1], listed[1]], listed[2..]);
    }

    [Fact]
    public async Task A_plain_command_sees_the_workspace_as_PWD_and_no_secrets()
    {
        Environment.SetEnvironmentVariable("OPENAGENT_TEST_API_KEY", "sk-do-not-leak");
        try
        {
            var result = await Bash("printenv");

            Assert.Contains("\nPWD=" + _session.WorkspacePath + "\n", "\n" + result.Content, StringComparison.Ordinal);
            Assert.DoesNotContain("do-not-leak", result.Content, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("OPENAGENT_TEST_API_KEY", null);
        }
    }

    [Fact]
    public async Task An_executable_script_without_an_interpreter_line_runs_through_bash()
    {
        var script = Path.Combine(_session.WorkspacePath, "hello");
        await File.WriteAllTextAsync(script, "echo from the script\n", Ct);
        await Bash("chmod +x hello");

        Assert.Equal("from the script\n[exit code: 0]", (await Bash("./hello")).Content);
    }

    [Fact]
    public async Task A_command_killed_by_a_signal_reports_128_plus_the_signal()
    {
        Assert.Equal("(no output)\n[exit code: 137]", (await Bash("kill -9 $$")).Content);
    }

    [Fact]
    public async Task Dangerous_commands_never_start()
    {
        var result = await Bash("sudo touch should-not-exist.txt");

        Assert.StartsWith("Error: Blocked", result.Content, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_session.WorkspacePath, "should-not-exist.txt")));
    }

    [Fact]
    public async Task The_allow_list_refuses_a_chained_program()
    {
        await using var h = new AgentHarness(options: o => o.AllowedCommands.Add("echo"));
        h.Model.Enqueue(OpenAgent.Testing.ScriptedTurn.ToolCall("bash", new { command = "echo ok; touch pwned.txt" })).EnqueueText("ok");
        await using var session = h.NewSession();

        await session.RunAsync("go", h.Sink, Ct);

        Assert.Equal("Error: 'touch' is not in allowed commands (echo).", h.Model.Requests[1].ToolResults.Single().Result);
        Assert.False(File.Exists(Path.Combine(session.WorkspacePath, "pwned.txt")));
    }
}
