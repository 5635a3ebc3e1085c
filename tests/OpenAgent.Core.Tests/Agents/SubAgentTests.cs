using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Core.Events;
using OpenAgent.Core.Tests.Support;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.Core.Tests.Agents;

public sealed class SubAgentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static object Task(string type, string prompt, string description = "look around") => new { description, prompt, agent_type = type };

    [Fact]
    public async Task An_explore_sub_agent_works_in_a_fresh_context_with_its_own_tools_and_reports_back()
    {
        await using var h = new AgentHarness();
        h.Model.Enqueue(ScriptedTurn.ToolCall("task", Task("explore", "Which files are there?")).WithUsage(100, 10))
               .Enqueue(ScriptedTurn.ToolCall("think", new { thought = "list" }).WithUsage(20, 5))
               .Enqueue(ScriptedTurn.Text("There are no files.").WithUsage(30, 6))
               .Enqueue(ScriptedTurn.Text("The workspace is empty.").WithUsage(150, 8));
        await using var session = h.NewSession();

        var result = await session.RunAsync("explore", h.Sink, Ct);

        var child = h.Model.Requests[1];
        Assert.False(child.Streaming);
        Assert.Equal(["bash", "read_file", "think"], child.ToolNames);
        Assert.Equal(2, child.Messages.Count);
        Assert.Contains("explore sub-agent", child.SystemPrompt!, StringComparison.Ordinal);
        Assert.Equal("Which files are there?", child.LastMessage!.Text);
        Assert.Equal(0.5f, child.Options!.Temperature);

        Assert.Equal("There are no files.", h.Model.Requests[3].ToolResults.Single().Result);
        var start = h.Sink.OfType<SubagentStartEvent>().Single();
        var end = h.Sink.OfType<SubagentEndEvent>().Single();
        Assert.Equal((start.SubagentId, "explore", "look around"), (end.SubagentId, end.AgentType, start.Task));
        Assert.Matches("^[0-9a-f]{8}$", end.SubagentId);
        Assert.Equal(("There are no files.", 1, new AgentUsage(50, 11)), (end.Summary, end.ToolCount, end.Usage));
        Assert.Equal(new AgentUsage(300, 29), result.Usage);
    }

    [Fact]
    public async Task A_code_sub_agent_gets_every_tool_but_task_so_nesting_stops()
    {
        await using var h = new AgentHarness();
        h.Model.Enqueue(ScriptedTurn.ToolCall("task", Task("code", "Add a file.")))
               .EnqueueText("done")
               .EnqueueText("ok");
        await using var session = h.NewSession();

        await session.RunAsync("go", h.Sink, Ct);

        var names = h.Model.Requests[1].ToolNames;
        Assert.DoesNotContain("task", names);
        Assert.Contains("write_file", names);
        Assert.Contains("bash", names);
        Assert.DoesNotContain("enter_plan_mode", names);
        Assert.Contains("task", h.Model.Requests[0].ToolNames);
        Assert.Contains("# Sub-agents (task tool)\n- general:", h.Model.Requests[0].SystemPrompt!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sub_agents_can_use_a_model_of_their_own()
    {
        var small = new ScriptedChatClient().EnqueueText("cheap answer");
        await using var h = new AgentHarness(
            options: o => o.SubagentModelId = "small-model",
            services: s => s.AddKeyedSingleton<Microsoft.Extensions.AI.IChatClient>(Core.Agents.SubAgentRunner.ChatClientKey, small));
        h.Model.Enqueue(ScriptedTurn.ToolCall("task", Task("explore", "quick look"))).EnqueueText("ok");
        await using var session = h.NewSession();

        await session.RunAsync("go", h.Sink, Ct);

        Assert.Equal(2, h.Model.Requests.Count);
        Assert.Equal("small-model", small.Requests.Single().Options!.ModelId);
        Assert.Equal("cheap answer", h.Model.Requests[1].ToolResults.Single().Result);
    }

    [Fact]
    public async Task An_unknown_type_is_a_clear_error_without_a_model_call()
    {
        await using var h = new AgentHarness();
        h.Model.Enqueue(ScriptedTurn.ToolCall("task", new { description = "x", prompt = "y", agent_type = "wizard" })).EnqueueText("ok");
        await using var session = h.NewSession();

        await session.RunAsync("go", h.Sink, Ct);

        Assert.Equal(2, h.Model.Requests.Count);
        Assert.Contains("agent_type", (string)h.Model.Requests[1].ToolResults.Single().Result!, StringComparison.Ordinal);
        Assert.Empty(h.Sink.OfType<SubagentStartEvent>());
    }

    [Fact]
    public async Task Three_sub_agents_in_one_reply_run_in_parallel_and_their_usage_adds_up()
    {
        await using var h = new AgentHarness();
        h.Model.Enqueue(ScriptedTurn.ToolCall("task", Task("general", "alpha")).WithToolCall("task", Task("general", "beta")).WithToolCall("task", Task("general", "gamma")).WithUsage(10, 1));
        for (var i = 0; i < 3; i++)
        {
            // Each child answers its own prompt, whatever order the parallel calls arrive in.
            h.Model.Enqueue(request => ScriptedTurn.Text("answer to " + request.LastMessage!.Text).WithUsage(100, 10).WithDelay(TimeSpan.FromMilliseconds(200)));
        }

        h.Model.Enqueue(ScriptedTurn.Text("all three done").WithUsage(10, 1));
        await using var session = h.NewSession();

        var result = await session.RunAsync("split the work", h.Sink, Ct);

        Assert.Equal(3, h.Sink.OfType<SubagentStartEvent>().Count);
        Assert.Equal(3, h.Sink.OfType<SubagentEndEvent>().Count);
        Assert.Equal(["answer to alpha", "answer to beta", "answer to gamma"], h.Model.Requests[4].ToolResults.Select(r => (string)r.Result!));
        Assert.Equal(new AgentUsage(320, 32), result.Usage);
        Assert.Equal(new AgentUsage(320, 32), session.Usage);
    }

    [Fact]
    public async Task A_sub_agent_stops_when_it_spends_what_the_parent_has_left()
    {
        await using var h = new AgentHarness(options: o => o.MaxTokenBudget = 1000);
        h.Model.Enqueue(ScriptedTurn.ToolCall("task", Task("general", "loop forever")).WithUsage(400, 0));
        for (var i = 0; i < 5; i++)
        {
            h.Model.Enqueue(ScriptedTurn.Text("still working").WithToolCall("think", new { thought = "more" }).WithUsage(300, 0));
        }

        await using var session = h.NewSession();

        var result = await session.RunAsync("go", h.Sink, Ct);

        // The parent used 400 of 1,000, leaving 600: the child stops once it has used more (900 after its third call).
        Assert.Equal(new AgentUsage(300 * 3, 0), h.Sink.OfType<SubagentEndEvent>().Single().Usage);
        Assert.Equal(Core.Agents.AgentRunStatus.BudgetExceeded, result.Status);
    }

    [Fact]
    public async Task Cancelling_the_parent_cancels_the_sub_agent()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hang = new DelegateTool("hang", async (_, ct) =>
        {
            started.TrySetResult();
            await System.Threading.Tasks.Task.Delay(Timeout.Infinite, ct);
            return "unreachable";
        });
        await using var h = new AgentHarness(b => b.AddTool(hang));
        h.Model.Enqueue(ScriptedTurn.ToolCall("task", Task("general", "hang"))).EnqueueToolCall("hang");
        await using var session = h.NewSession();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var run = session.RunAsync("go", h.Sink, cts.Token);
        await started.Task.WaitAsync(Ct);
        await cts.CancelAsync();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Equal(Core.Agents.AgentRunStatus.Cancelled, result.Status);
        AgentLoopTests.AssertEveryCallHasAResult(session);
    }
}
