using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace OpenAgent.Samples.Tests;

/// <summary>samples/ConsoleHost run as a real process: one-shot mode, JSON events, exit codes, flags, and the interactive terminal.</summary>
public sealed class ConsoleHostTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("openagent-console-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Script(string name, string json)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public async Task One_shot_with_no_model_runs_the_demo_episode_prints_the_answer_and_exits_0()
    {
        var (exit, stdout, stderr) = await ConsoleProcess.RunAsync(_dir, "-p", "Show me what you can do.");

        Assert.Equal(0, exit);
        Assert.StartsWith("Done. I planned the work as a todo list", stdout, StringComparison.Ordinal);
        Assert.Contains("No model provider is configured: running the offline demo model", stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_dir, "workspace", "hello.md")));
        Assert.True(File.Exists(Path.Combine(_dir, "workspace", ".agent", "conversations.db")));
    }

    [Fact]
    public async Task One_shot_with_a_script_and_json_prints_every_event_as_a_JSON_line_in_the_current_folder()
    {
        var script = Script("script.json", """
            { "turns": [
              { "text": "Writing.", "tool_calls": [ { "name": "write_file", "arguments": { "path": "out.txt", "content": "from the script" } } ] },
              { "text": ["All ", "done."], "usage": { "input_tokens": 50, "output_tokens": 5 } }
            ] }
            """);

        var (exit, stdout, _) = await ConsoleProcess.RunAsync(_dir, "--script", script, "--workspace", ".", "-p", "write it", "--json");

        Assert.Equal(0, exit);
        var events = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["text_delta", "tool_call", "tool_result", "text_delta", "text_delta", "done"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal("out.txt", events[^1].GetProperty("files")[0].GetProperty("path").GetString());
        Assert.Equal("from the script", await File.ReadAllTextAsync(Path.Combine(_dir, "out.txt"), Ct));
    }

    [Fact]
    public async Task A_failing_run_exits_1_with_the_error_on_stderr()
    {
        var script = Script("fails.json", """[ { "error": "The provider is down." } ]""");

        var (exit, stdout, stderr) = await ConsoleProcess.RunAsync(_dir, "--script", script, "-p", "hello");

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, stdout.Trim());
        Assert.Contains("openagent: The model call failed: The provider is down.", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--bogus" }, "Unrecognized command or argument '--bogus'")]
    [InlineData(new[] { "-p" }, "Required argument missing for option: '-p'")]
    [InlineData(new[] { "--provider", "gemini", "-p", "x" }, "Unknown model provider 'gemini'")]
    [InlineData(new[] { "--script", "/nonexistent/script.json", "-p", "x" }, "The model script '/nonexistent/script.json' does not exist.")]
    public async Task Bad_flags_exit_2_with_a_message_that_says_what_is_wrong(string[] args, string expected)
    {
        var (exit, _, stderr) = await ConsoleProcess.RunAsync(_dir, args);

        Assert.Equal(2, exit);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_C_during_a_run_stops_it_kills_its_command_and_feedback_redirects_the_agent()
    {
        var marker = "openagent-console-test-" + Guid.NewGuid().ToString("N")[..8];
        var script = Script("long.json", $$"""
            { "turns": [
              { "text": "Starting the long job.", "tool_calls": [ { "name": "bash", "arguments": { "command": "sleep 30; echo {{marker}}" } } ] },
              { "text": "Switched to the quick task as you asked." }
            ] }
            """);
        using var console = ConsoleProcess.Start(_dir, "--script", script);
        await console.WaitForOutputAsync("Type a request");

        await console.WriteLineAsync("run the long job");
        await console.WaitForOutputAsync("-> bash");
        await Task.Delay(500, Ct);
        console.Interrupt();
        await console.WaitForOutputAsync("Type feedback to redirect the agent");
        await console.WriteLineAsync("do the quick thing instead");
        await console.WaitForOutputAsync("Switched to the quick task");
        await console.WriteLineAsync("/quit");
        var exit = await console.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, exit);
        Assert.DoesNotContain("<- bash: " + marker, console.Stdout, StringComparison.Ordinal);
        using var pgrep = Process.Start(new ProcessStartInfo("pgrep", ["-f", marker]) { RedirectStandardOutput = true })!;
        Assert.Equal(string.Empty, (await pgrep.StandardOutput.ReadToEndAsync(Ct)).Trim());
    }

    [Fact]
    public async Task Ctrl_C_at_the_prompt_exits_cleanly()
    {
        using var console = ConsoleProcess.Start(_dir, "--provider", "demo");
        await console.WaitForOutputAsync("Type a request");

        console.Interrupt();
        var exit = await console.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, exit);
    }

    [Fact]
    public async Task Slash_commands_work_and_a_conversation_can_be_resumed_in_a_later_session()
    {
        var first = Script("first.json", """[ { "text": "Noted: the codename is BLUEBIRD." } ]""");
        var (exit, _, _) = await ConsoleProcess.RunAsync(_dir, "--script", first, "-p", "Remember the codename BLUEBIRD.");
        Assert.Equal(0, exit);

        var second = Script("second.json", """[ { "text": "The codename is BLUEBIRD." } ]""");
        using var console = ConsoleProcess.Start(_dir, "--script", second);
        await console.WaitForOutputAsync("Type a request");
        await console.WriteLineAsync("/resume");
        await console.WaitForOutputAsync("Remember the codename BLUEBIRD.");
        var id = System.Text.RegularExpressions.Regex.Match(console.Stdout, "([0-9a-f]{12}) Remember the codename").Groups[1].Value;
        await console.WriteLineAsync($"/resume {id}");
        await console.WaitForOutputAsync($"Resumed {id} (2 messages)");
        await console.WriteLineAsync("what was the codename?");
        await console.WaitForOutputAsync("The codename is BLUEBIRD.");
        await console.WriteLineAsync("/usage");
        await console.WaitForOutputAsync("tokens in this conversation");
        await console.WriteLineAsync("/preset nope");
        await console.WaitForOutputAsync("No preset 'nope'");
        await console.WriteLineAsync("/help");
        await console.WaitForOutputAsync("/resume [id]");
        await console.WriteLineAsync("/quit");

        Assert.Equal(0, await console.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }
}
