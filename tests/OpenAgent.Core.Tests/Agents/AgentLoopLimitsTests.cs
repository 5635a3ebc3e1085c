using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Events;
using OpenAgent.Core.Tests.Support;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.Core.Tests.Agents;

/// <summary>How a run stops: turn limits, continuations, budget, cancellation and failures.</summary>
public sealed class AgentLoopLimitsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Out_of_turns_after_real_work_forces_one_summary_call_without_tools()
    {
        await using var h = new AgentHarness(b => b.AddTool(DelegateTool.Returning("write", "written")), o => o.MaxTurns = 2);
        h.Model.EnqueueToolCall("write").EnqueueToolCall("write").EnqueueText("Summary: wrote twice.");
        await using var session = h.NewSession();

        var result = await session.RunAsync("go", h.Sink, Ct);

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        Assert.Equal(3, h.Model.Requests.Count);
        Assert.NotEmpty(h.Model.Requests[1].Tools);
        Assert.Empty(h.Model.Requests[2].Tools);
        Assert.Contains("limit of 2 turns", h.Sink.Text, StringComparison.Ordinal);
        Assert.EndsWith("Summary: wrote twice.", h.Sink.Text, StringComparison.Ordinal);
        Assert.Equal("done", h.Sink.Types[^1]);
    }

    [Fact]
    public async Task Out_of_turns_with_only_read_only_tools_ends_without_a_summary()
    {
        await using var h = new AgentHarness(options: o => o.MaxTurns = 2);
        h.Model.Enqueue(ScriptedTurn.ToolCall("think", new { thought = "a" }))
               .Enqueue(ScriptedTurn.ToolCall("think", new { thought = "b" }));
        await using var session = h.NewSession();

        var result = await session.RunAsync("go", h.Sink, Ct);

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        Assert.Equal(2, h.Model.Requests.Count);
        Assert.Equal("done", h.Sink.Types[^1]);
    }

    [Fact]
    public async Task Near_the_turn_limit_after_real_work_the_system_prompt_carries_a_wrap_up_note()
    {
        await using var h = new AgentHarness(b => b.AddTool(DelegateTool.Returning("write", "ok")), o => o.MaxTurns = 4);
        for (var i = 0; i < 4; i++)
        {
            h.Model.EnqueueToolCall("write");
        }

        h.Model.EnqueueText("summary");
        await using var session = h.NewSession();

        await session.RunAsync("go", h.Sink, Ct);

        Assert.DoesNotContain("remain", h.Model.Requests[0].SystemPrompt!, StringComparison.Ordinal);
        Assert.Contains("2 turn(s) remain", h.Model.Requests[1].SystemPrompt!, StringComparison.Ordinal);
        Assert.Contains("0 turn(s) remain", h.Model.Requests[3].SystemPrompt!, StringComparison.Ordinal);
        Assert.DoesNotContain(session.History, m => m.Role == ChatRole.System);
    }

    [Fact]
    public async Task A_reply_cut_off_by_the_output_limit_is_continued_at_most_three_times()
    {
        await using var h = new AgentHarness();
        for (var i = 0; i < 4; i++)
        {
            h.Model.Enqueue(ScriptedTurn.Text($"part{i} ").WithFinishReason(ChatFinishReason.Length));
        }

        await using var session = h.NewSession();

        var result = await session.RunAsync("write a long essay", h.Sink, Ct);

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        Assert.Equal(4, h.Model.Requests.Count);
        Assert.Contains("Continue exactly where it stopped", h.Model.Requests[3].LastMessage!.Text, StringComparison.Ordinal);
        Assert.Equal("part0 part1 part2 part3 ", h.Sink.Text);
    }

    [Fact]
    public async Task A_run_cancelled_before_it_starts_calls_no_model_and_reports_Cancelled()
    {
        await using var h = new AgentHarness();
        await using var session = h.NewSession();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var result = await session.RunAsync("hi", h.Sink, cts.Token);

        Assert.Equal(AgentRunStatus.Cancelled, result.Status);
        Assert.Empty(h.Model.Requests);
        Assert.Equal("Cancelled", Assert.IsType<ErrorEvent>(Assert.Single(h.Sink.Events)).Message);
    }

    [Fact]
    public async Task Cancelling_at_the_first_tool_result_stops_after_one_call_with_a_valid_history()
    {
        await using var h = new AgentHarness(b => b.AddTool(DelegateTool.Returning("probe", "ok")));
        h.Model.EnqueueToolCall("probe").EnqueueText("never sent");
        await using var session = h.NewSession();
        using var cts = new CancellationTokenSource();
        h.Sink.OnEvent = async e =>
        {
            if (e is ToolResultEvent)
            {
                await cts.CancelAsync();
            }
        };

        var result = await session.RunAsync("go", h.Sink, cts.Token);

        Assert.Equal(AgentRunStatus.Cancelled, result.Status);
        Assert.Single(h.Model.Requests);
        Assert.Equal("Cancelled", h.Sink.OfType<ErrorEvent>().Single().Message);
        AgentLoopTests.AssertEveryCallHasAResult(session);
    }

    [Fact]
    public async Task Cancelling_a_running_tool_leaves_a_history_the_next_run_can_use()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hang = new DelegateTool("hang", async (_, ct) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return "unreachable";
        });
        await using var h = new AgentHarness(b => b.AddTool(hang));
        h.Model.EnqueueToolCall("hang").EnqueueText("fresh start");
        await using var session = h.NewSession();
        using var cts = new CancellationTokenSource();

        var run = session.RunAsync("go", h.Sink, cts.Token);
        await started.Task.WaitAsync(Ct);
        await cts.CancelAsync();
        var result = await run;

        Assert.Equal(AgentRunStatus.Cancelled, result.Status);
        AgentLoopTests.AssertEveryCallHasAResult(session);
        Assert.Contains("Cancelled", (string)session.History.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single().Result!, StringComparison.Ordinal);

        var next = await session.RunAsync("try again", AgentEventSink.Null, Ct);
        Assert.Equal(AgentRunStatus.Completed, next.Status);
        Assert.Equal("try again", h.Model.Requests[1].LastMessage!.Text);
    }

    [Fact]
    public async Task Exceeding_the_token_budget_stops_the_run_with_an_error()
    {
        await using var h = new AgentHarness(b => b.AddTool(DelegateTool.Returning("probe", "ok")), o => o.MaxTokenBudget = 250);
        for (var i = 0; i < 5; i++)
        {
            h.Model.Enqueue(ScriptedTurn.ToolCall("probe").WithUsage(100, 50));
        }

        await using var session = h.NewSession();

        var result = await session.RunAsync("go", h.Sink, Ct);

        Assert.Equal(AgentRunStatus.BudgetExceeded, result.Status);
        Assert.Equal(2, h.Model.Requests.Count);
        Assert.Contains("budget", h.Sink.OfType<ErrorEvent>().Single().Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_failing_model_call_ends_the_run_with_an_error_event()
    {
        await using var h = new AgentHarness();
        h.Model.Enqueue(ScriptedTurn.Throw(new System.Net.Http.HttpRequestException("connection refused")));
        await using var session = h.NewSession();

        var result = await session.RunAsync("hi", h.Sink, Ct);

        Assert.Equal(AgentRunStatus.Failed, result.Status);
        Assert.Equal("The model call failed: connection refused", h.Sink.OfType<ErrorEvent>().Single().Message);
        Assert.Equal([ChatRole.User], session.History.Select(m => m.Role));
    }

    [Fact]
    public async Task A_stream_that_breaks_midway_keeps_the_text_already_shown_out_of_history()
    {
        await using var h = new AgentHarness();
        h.Model.Enqueue(ScriptedTurn.Text("partial ").ThenThrow(new System.IO.IOException("stream reset")));
        await using var session = h.NewSession();

        var result = await session.RunAsync("hi", h.Sink, Ct);

        Assert.Equal(AgentRunStatus.Failed, result.Status);
        Assert.Equal(["text_delta", "error"], h.Sink.Types);
        Assert.Contains("stream reset", h.Sink.OfType<ErrorEvent>().Single().Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_sink_ends_the_run_with_its_exception_and_stops_the_tools_still_running()
    {
        var hangCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hang = new DelegateTool("hang", async (_, ct) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            finally
            {
                hangCancelled.TrySetResult();
            }

            return "unreachable";
        });
        await using var h = new AgentHarness(b => b.AddTool(hang).AddTool(DelegateTool.Returning("quick", "ok")));
        h.Model.Enqueue(ScriptedTurn.ToolCall("hang").WithToolCall("quick"));
        await using var session = h.NewSession();
        h.Sink.OnEvent = e => e is ToolResultEvent ? throw new IOException("socket closed") : ValueTask.CompletedTask;

        var error = await Assert.ThrowsAsync<IOException>(() => session.RunAsync("go", h.Sink, Ct));

        Assert.Equal("socket closed", error.Message);
        await hangCancelled.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.False(session.IsRunning);
        AgentLoopTests.AssertEveryCallHasAResult(session);
    }
}
