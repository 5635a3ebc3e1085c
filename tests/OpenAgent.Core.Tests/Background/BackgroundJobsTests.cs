using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Core.Background;
using OpenAgent.Core.Events;
using OpenAgent.Core.Tests.Support;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.Core.Tests.Background;

public sealed class BackgroundJobsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task WaitUntil(Func<bool> condition) => TestHelpers.WaitUntilAsync(condition, Ct);

    [Fact]
    public async Task A_job_finishing_while_the_model_is_mid_turn_shows_up_in_the_next_turn()
    {
        await using var h = new AgentHarness();
        h.Model.Enqueue(ScriptedTurn.ToolCall("background_run", new { command = "sleep 0.3; echo built ok" }))
               .Enqueue(ScriptedTurn.ToolCall("think", new { thought = "waiting" }).WithDelay(TimeSpan.FromSeconds(1.5)))
               .EnqueueText("The build passed.");
        await using var session = h.NewSession();

        await session.RunAsync("build in the background", h.Sink, Ct);

        var started = (string)h.Model.Requests[1].ToolResults.Single().Result!;
        var id = started.Split(' ')[2];
        Assert.Matches("^[0-9a-f]{8}$", id);
        var third = h.Model.Requests[2].Messages.Select(m => m.Text).Single(t => t.StartsWith("<background-results>", StringComparison.Ordinal));
        Assert.Equal($"<background-results>\n[bg:{id}] completed: built ok\n[exit code: 0]\n</background-results>", third);
        var reported = h.Sink.OfType<BackgroundResultEvent>().Single().Notifications.Single();
        Assert.Equal((id, "completed", "sleep 0.3; echo built ok"), (reported.TaskId, reported.Status, reported.Command));
        AgentLoopTestsShim.AssertEndsOnTheUserSide(h.Model.Requests[2].Messages);
    }

    [Fact]
    public async Task Check_background_describes_one_job_or_all_and_notifications_are_drained_once()
    {
        await using var h = new AgentHarness();
        await using var session = h.NewSession();
        var jobs = session.Services.GetRequiredService<BackgroundJobs>();
        Assert.Equal("No background tasks.", jobs.Describe());

        var id = jobs.Start("echo hello");
        await WaitUntil(() => jobs.Describe(id).StartsWith($"[{id}] completed", StringComparison.Ordinal));

        Assert.Equal($"[{id}] completed: echo hello\nhello\n[exit code: 0]", jobs.Describe(id));
        Assert.Equal($"[{id}] completed: echo hello", jobs.Describe());
        Assert.Single(jobs.DrainNotifications());
        Assert.Empty(jobs.DrainNotifications());
        Assert.Throws<ArgumentException>(() => jobs.Describe("nope"));
    }

    [Fact]
    public async Task A_job_that_runs_too_long_times_out()
    {
        await using var h = new AgentHarness(options: o => o.BackgroundTimeout = TimeSpan.FromSeconds(1));
        await using var session = h.NewSession();
        var jobs = session.Services.GetRequiredService<BackgroundJobs>();

        var id = jobs.Start("sleep 30");
        await WaitUntil(() => jobs.Describe(id).Contains("timeout", StringComparison.Ordinal));

        Assert.Equal("timeout", jobs.DrainNotifications().Single().Status);
    }

    [Fact]
    public async Task Ending_the_session_kills_every_job()
    {
        await using var h = new AgentHarness();
        var session = h.NewSession();
        var jobs = session.Services.GetRequiredService<BackgroundJobs>();
        jobs.Start("sleep 300 & echo $! > bg.pid; sleep 300");
        var pid = await TestHelpers.ReadPidAsync(Path.Combine(session.WorkspacePath, "bg.pid"), Ct);

        await session.DisposeAsync();

        await WaitUntil(() => !TestHelpers.IsAlive(pid));
    }

    [Fact]
    public async Task Background_commands_follow_the_same_rules_as_bash()
    {
        await using var h = new AgentHarness(options: o => o.AllowedCommands.Add("echo"));
        h.Model.Enqueue(ScriptedTurn.ToolCall("background_run", new { command = "sudo make install" }))
               .Enqueue(ScriptedTurn.ToolCall("background_run", new { command = "echo a; curl x" }))
               .EnqueueText("ok");
        await using var session = h.NewSession();

        await session.RunAsync("go", h.Sink, Ct);

        Assert.StartsWith("Error: Blocked", (string)h.Model.Requests[1].ToolResults[^1].Result!, StringComparison.Ordinal);
        Assert.Equal("Error: 'curl' is not in allowed commands (echo).", h.Model.Requests[2].ToolResults[^1].Result);
        Assert.Equal("No background tasks.", session.Services.GetRequiredService<BackgroundJobs>().Describe());
    }
}

internal static class AgentLoopTestsShim
{
    /// <summary>The results come as the request's last message, a user one: no synthetic assistant reply after them.</summary>
    public static void AssertEndsOnTheUserSide(System.Collections.Generic.IReadOnlyList<Microsoft.Extensions.AI.ChatMessage> messages)
    {
        Assert.StartsWith("<background-results>", messages[^1].Text, StringComparison.Ordinal);
        Assert.Equal(Microsoft.Extensions.AI.ChatRole.User, messages[^1].Role);
        Assert.Equal(Microsoft.Extensions.AI.ChatRole.Tool, messages[^2].Role);
    }
}
