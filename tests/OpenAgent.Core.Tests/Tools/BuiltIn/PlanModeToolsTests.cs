using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Events;
using OpenAgent.Core.Tests.Support;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.Core.Tests.Tools.BuiltIn;

public sealed class PlanModeToolsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Entering_plan_mode_switches_the_tools_and_the_prompt_for_the_next_call()
    {
        await using var h = new AgentHarness();
        h.Model.EnqueueToolCall("enter_plan_mode").Enqueue(ScriptedTurn.Text("# Plan\n1. Do it").WithToolCall("exit_plan_mode"));
        await using var session = h.NewSession();

        var result = await session.RunAsync("plan the change", h.Sink, Ct);

        Assert.True(result.PlanMode);
        Assert.True(session.PlanMode);
        Assert.Contains("enter_plan_mode", h.Model.Requests[0].ToolNames);
        Assert.DoesNotContain("exit_plan_mode", h.Model.Requests[0].ToolNames);
        Assert.DoesNotContain("write_file", h.Model.Requests[1].ToolNames);
        Assert.DoesNotContain("edit_file", h.Model.Requests[1].ToolNames);
        Assert.DoesNotContain("enter_plan_mode", h.Model.Requests[1].ToolNames);
        Assert.Contains("exit_plan_mode", h.Model.Requests[1].ToolNames);
        Assert.Contains("plan mode", h.Model.Requests[1].SystemPrompt!, StringComparison.Ordinal);
        Assert.DoesNotContain("plan mode", h.Model.Requests[0].SystemPrompt!, StringComparison.Ordinal);
        Assert.True(Assert.Single(h.Sink.OfType<PlanModeChangedEvent>()).Enabled);
        Assert.Equal("# Plan\n1. Do it", Assert.Single(h.Sink.OfType<PlanReadyEvent>()).Plan);
        Assert.Equal("done", h.Sink.Types[^1]);
    }

    [Fact]
    public async Task Submitting_a_plan_ends_the_run_after_one_call()
    {
        await using var h = new AgentHarness();
        h.Model.Enqueue(ScriptedTurn.Text("Step 1: read.\nStep 2: write.").WithToolCall("exit_plan_mode"));
        await using var session = h.NewSession(new AgentSessionOptions { PlanMode = true });

        await session.RunAsync("plan", h.Sink, Ct);

        Assert.Single(h.Model.Requests);
        Assert.Equal("Step 1: read.\nStep 2: write.", h.Sink.OfType<PlanReadyEvent>().Single().Plan);
    }

    [Fact]
    public async Task A_plan_given_to_exit_plan_mode_is_the_one_reported()
    {
        await using var h = new AgentHarness();
        h.Model.Enqueue(ScriptedTurn.Text("thinking aloud").WithToolCall("exit_plan_mode", new { plan = "# The real plan" }));
        await using var session = h.NewSession(new AgentSessionOptions { PlanMode = true });

        await session.RunAsync("plan", h.Sink, Ct);

        Assert.Equal("# The real plan", h.Sink.OfType<PlanReadyEvent>().Single().Plan);
    }

    [Fact]
    public async Task Calling_the_tool_of_the_other_mode_changes_nothing_and_the_run_goes_on()
    {
        await using var h = new AgentHarness();
        h.Model.EnqueueToolCall("exit_plan_mode").EnqueueText("fine");
        await using var session = h.NewSession();

        var result = await session.RunAsync("go", h.Sink, Ct);

        Assert.False(result.PlanMode);
        Assert.Equal(2, h.Model.Requests.Count);
        Assert.Empty(h.Sink.OfType<PlanReadyEvent>());
        Assert.Empty(h.Sink.OfType<PlanModeChangedEvent>());
        Assert.Contains("not available", (string)h.Model.Requests[1].ToolResults.Single().Result!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_that_ends_in_plan_mode_still_hands_over_its_plan()
    {
        await using var h = new AgentHarness();
        h.Model.EnqueueText("Plan: refactor the parser.");
        await using var session = h.NewSession(new AgentSessionOptions { PlanMode = true });

        await session.RunAsync("plan", h.Sink, Ct);

        Assert.Equal("Plan: refactor the parser.", h.Sink.OfType<PlanReadyEvent>().Single().Plan);
        Assert.Equal(["text_delta", "plan_ready", "done"], h.Sink.Types);
    }
}
