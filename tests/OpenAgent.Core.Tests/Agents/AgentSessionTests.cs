using System;
using System.Collections.Generic;
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

public sealed class AgentSessionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunStreamingAsync_yields_the_same_events_ending_with_done()
    {
        await using var h = new AgentHarness(b => b.AddTool(DelegateTool.Returning("probe", "ok")));
        h.Model.EnqueueToolCall("probe").Enqueue(ScriptedTurn.Text("a", "b").WithUsage(3, 2));
        await using var session = h.NewSession();

        var events = new List<AgentEvent>();
        await foreach (var e in session.RunStreamingAsync("go", Ct))
        {
            events.Add(e);
        }

        Assert.Equal(["tool_call", "tool_result", "text_delta", "text_delta", "done"], events.Select(e => e.Type));
        Assert.False(session.IsRunning);
    }

    [Fact]
    public async Task Leaving_a_streaming_run_early_cancels_it_and_frees_the_session()
    {
        var hang = new DelegateTool("hang", async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return "unreachable";
        });
        await using var h = new AgentHarness(b => b.AddTool(hang));
        h.Model.EnqueueToolCall("hang");
        await using var session = h.NewSession();

        await foreach (var e in session.RunStreamingAsync("go", Ct))
        {
            if (e is ToolCallEvent)
            {
                break;
            }
        }

        Assert.False(session.IsRunning);
        AgentLoopTests.AssertEveryCallHasAResult(session);
    }

    [Fact]
    public async Task Streaming_surfaces_host_errors_as_exceptions()
    {
        await using var h = new AgentHarness();
        await using var session = h.NewSession(new AgentSessionOptions { ApprovalEnabled = true });

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in session.RunStreamingAsync("go", Ct))
            {
            }
        });
    }

    [Fact]
    public async Task Interrupt_cancels_the_turn_emits_interrupted_and_continues_with_the_feedback_and_full_context()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hang = new DelegateTool("hang", async (_, ct) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return "unreachable";
        });
        await using var h = new AgentHarness(b => b.AddTool(hang));
        h.Model.Enqueue(ScriptedTurn.ToolCall("hang").WithUsage(10, 1)).Enqueue(ScriptedTurn.Text("switching to Python").WithUsage(20, 2));
        await using var session = h.NewSession();

        var run = session.RunAsync("write it in Go", h.Sink, Ct);
        await started.Task.WaitAsync(Ct);
        Assert.True(session.Interrupt("actually, use Python"));
        var result = await run;

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        Assert.Equal(["tool_call", "interrupted", "text_delta", "done"], h.Sink.Types.Where(t => t != "tool_result"));
        Assert.Equal(new AgentUsage(10, 1), h.Sink.OfType<InterruptedEvent>().Single().Usage);
        var second = h.Model.Requests[1];
        Assert.Equal("actually, use Python", second.LastMessage!.Text);
        Assert.Contains(second.Messages, m => m.Text == "write it in Go");
        Assert.Contains(second.Messages.SelectMany(m => m.Contents), c => c is FunctionCallContent { Name: "hang" });
        AgentLoopTests.AssertEveryCallHasAResult(session);
        Assert.Empty(h.Sink.OfType<ErrorEvent>());
    }

    [Fact]
    public async Task Interrupt_without_a_run_returns_false()
    {
        await using var h = new AgentHarness();
        await using var session = h.NewSession();

        Assert.False(session.Interrupt("hello?"));
        Assert.Throws<ArgumentException>(() => session.Interrupt("  "));
    }

    [Fact]
    public async Task A_turn_hook_runs_before_each_call_and_can_add_news_to_the_conversation()
    {
        await using var h = new AgentHarness(
            b => b.AddTool(DelegateTool.Returning("probe", "ok")),
            services: s => s.AddScoped<IAgentTurnHook, NewsHook>());
        h.Model.EnqueueToolCall("probe").EnqueueText("ok");
        await using var session = h.NewSession();

        await session.RunAsync("go", h.Sink, Ct);

        // The notice comes after the prompt and the request still ends on the user's side (no assistant "prefill").
        var sent = h.Model.Requests[0].Messages.Where(m => m.Role != ChatRole.System).ToList();
        Assert.Equal(["go", "<news>turn 0</news>"], sent.Select(m => m.Text));
        Assert.All(sent, m => Assert.Equal(ChatRole.User, m.Role));
        Assert.Contains("<news>turn 1</news>", h.Model.Requests[1].Messages.Select(m => m.Text));
        Assert.Same(session, session.Services.GetServices<IAgentTurnHook>().OfType<NewsHook>().Single().Session);
    }

    [Fact]
    public async Task State_round_trips_through_json_and_a_restored_session_continues_the_conversation()
    {
        await using var h = new AgentHarness(b => b.AddTool(DelegateTool.Returning("probe", "probe says 42")));
        h.Model.Enqueue(ScriptedTurn.ToolCall("probe", new { q = "x" }, "c9").WithUsage(7, 3))
               .Enqueue(ScriptedTurn.Text("It is 42.").WithUsage(5, 2))
               .EnqueueText("Still 42.");
        string json;
        await using (var session = h.NewSession(new AgentSessionOptions { Preset = "work", TeamsEnabled = true, TracingEnabled = true, PlanMode = false }))
        {
            await session.RunAsync("what is it?", AgentEventSink.Null, Ct);
            json = session.ExportState().ToJson();
        }

        var state = AgentSessionState.FromJson(json);
        await using var restored = h.Factory.RestoreSession(state);
        await restored.RunAsync("sure?", AgentEventSink.Null, Ct);

        Assert.Equal(("work", true, true), (restored.Preset, restored.TeamsEnabled, restored.TracingEnabled));
        Assert.Equal(new AgentUsage(12, 5), state.Usage);
        var sent = h.Model.Requests[2].Messages;
        var call = sent.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single();
        Assert.Equal(("c9", "probe"), (call.CallId, call.Name));
        Assert.Equal("probe says 42", sent.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single().Result?.ToString());
        Assert.Equal(["what is it?", "It is 42.", "sure?"], sent.Where(m => m.Text.Length > 0 && m.Role != ChatRole.System).Select(m => m.Text));
    }

    [Fact]
    public void Malformed_state_json_is_a_clear_error()
    {
        Assert.Throws<System.Text.Json.JsonException>(() => AgentSessionState.FromJson("{\"messages\": []}"));
        Assert.Throws<System.Text.Json.JsonException>(() => AgentSessionState.FromJson("null"));
    }

    [Fact]
    public async Task A_disposed_session_refuses_to_run()
    {
        await using var h = new AgentHarness();
        var session = h.NewSession();
        await session.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => session.RunAsync("hi", h.Sink, Ct));
    }

    [Fact]
    public async Task Disposing_a_session_mid_run_cancels_the_run_and_waits_for_it()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var toolStopped = false;
        var hang = new DelegateTool("hang", async (_, ct) =>
        {
            started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            finally
            {
                toolStopped = true;
            }

            return "unreachable";
        });
        await using var h = new AgentHarness(b => b.AddTool(hang));
        h.Model.EnqueueToolCall("hang");
        var session = h.NewSession();

        var run = session.RunAsync("go", h.Sink, Ct);
        await started.Task.WaitAsync(Ct);
        await session.DisposeAsync();

        Assert.True(run.IsCompleted);
        Assert.True(toolStopped);
        var result = await run;
        Assert.Equal(AgentRunStatus.Cancelled, result.Status);
        Assert.Equal("Cancelled", h.Sink.OfType<ErrorEvent>().Single().Message);
        Assert.Empty(h.Sink.OfType<InterruptedEvent>());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task An_empty_message_is_refused_before_anything_runs(string text)
    {
        await using var h = new AgentHarness();
        await using var session = h.NewSession();

        await Assert.ThrowsAsync<ArgumentException>(() => session.RunAsync(text, h.Sink, Ct));

        Assert.Empty(session.History);
        Assert.False(session.IsRunning);
    }

    private sealed class NewsHook(AgentSession session) : IAgentTurnHook
    {
        public AgentSession Session { get; } = session;

        public ValueTask OnTurnStartingAsync(AgentTurnContext context, CancellationToken cancellationToken)
        {
            context.AppendNotice($"<news>turn {context.TurnIndex}</news>");
            return ValueTask.CompletedTask;
        }
    }
}
