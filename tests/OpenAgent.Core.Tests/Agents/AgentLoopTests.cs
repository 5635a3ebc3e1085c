using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Events;
using OpenAgent.Core.Tests.Support;
using OpenAgent.Core.Tools;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.Core.Tests.Agents;

public sealed class AgentLoopTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Text_reply_streams_deltas_makes_one_call_and_reports_its_usage()
    {
        await using var h = new AgentHarness();
        h.Model.Enqueue(ScriptedTurn.Text("Hel", "lo!").WithUsage(100, 50));
        await using var session = h.NewSession();

        var result = await session.RunAsync("hi", h.Sink, Ct);

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        Assert.Equal(["text_delta", "text_delta", "done"], h.Sink.Types);
        Assert.Equal("Hello!", h.Sink.Text);
        Assert.Single(h.Model.Requests);
        Assert.Equal(new AgentUsage(100, 50), h.Sink.OfType<DoneEvent>().Single().Usage);
        Assert.Equal(new AgentUsage(100, 50), session.Usage);
        Assert.Equal([ChatRole.User, ChatRole.Assistant], session.History.Select(m => m.Role));
        Assert.Equal("Hello!", session.History[1].Text);
    }

    [Fact]
    public async Task Usage_adds_up_over_the_calls_of_a_run_and_over_runs_of_a_session()
    {
        await using var h = new AgentHarness(b => b.AddTool(DelegateTool.Returning("probe", "ok")));
        h.Model.Enqueue(ScriptedTurn.ToolCall("probe").WithUsage(100, 50))
               .Enqueue(ScriptedTurn.Text("done").WithUsage(100, 50))
               .Enqueue(ScriptedTurn.Text("again").WithUsage(10, 5));
        await using var session = h.NewSession();

        var first = await session.RunAsync("go", h.Sink, Ct);
        var second = await session.RunAsync("more", AgentEventSink.Null, Ct);

        Assert.Equal(new AgentUsage(200, 100), first.Usage);
        Assert.Equal(new AgentUsage(10, 5), second.Usage);
        Assert.Equal(new AgentUsage(210, 105), session.Usage);
        Assert.Equal(2, first.Turns);
    }

    [Fact]
    public async Task Calls_in_one_response_run_concurrently_and_results_return_in_call_order()
    {
        var slowMayFinish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fastReported = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = new DelegateTool("slow", async (_, ct) =>
        {
            // Finishes only if "fast" runs while "slow" is still running, and its result is reported before "slow" ends.
            await slowMayFinish.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
            await fastReported.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
            return "slow result";
        });
        var fast = new DelegateTool("fast", (_, _) =>
        {
            slowMayFinish.TrySetResult();
            return ValueTask.FromResult(ToolResult.Success("fast result"));
        });
        await using var h = new AgentHarness(b => b.AddTool(slow).AddTool(fast));
        h.Model.Enqueue(ScriptedTurn.ToolCall("slow", callId: "c1").WithToolCall("fast", callId: "c2"))
               .EnqueueText("both done");
        await using var session = h.NewSession();
        h.Sink.OnEvent = e =>
        {
            if (e is ToolResultEvent { Tool: "fast" })
            {
                fastReported.TrySetResult();
            }

            return ValueTask.CompletedTask;
        };

        await session.RunAsync("go", h.Sink, Ct);

        Assert.Equal(["tool_call", "tool_call", "tool_result", "tool_result", "text_delta", "done"], h.Sink.Types);
        Assert.Equal(["fast", "slow"], h.Sink.OfType<ToolResultEvent>().Select(e => e.Tool));
        var results = h.Model.Requests[1].ToolResults;
        Assert.Equal(["c1", "c2"], results.Select(r => r.CallId));
        Assert.Equal(["slow result", "fast result"], results.Select(r => r.Result));
        Assert.Single(h.Model.Requests[1].Messages, m => m.Role == ChatRole.Tool);
        Assert.False(h.Sink.SawConcurrentEmit);
    }

    [Fact]
    public async Task Events_from_parallel_tools_reach_the_sink_one_at_a_time()
    {
        static DelegateTool Chatty(string name) => new(name, async (ctx, ct) =>
        {
            for (var i = 0; i < 50; i++)
            {
                await ctx.Events.EmitAsync(new CompactEvent($"{name} {i}"), ct);
            }

            return name + " done";
        });
        await using var h = new AgentHarness(b => b.AddTool(Chatty("a")).AddTool(Chatty("b")).AddTool(Chatty("c")));
        h.Model.Enqueue(ScriptedTurn.ToolCall("a").WithToolCall("b").WithToolCall("c")).EnqueueText("ok");
        await using var session = h.NewSession();

        await session.RunAsync("go", h.Sink, Ct);

        Assert.False(h.Sink.SawConcurrentEmit);
        Assert.Equal(150, h.Sink.OfType<CompactEvent>().Count);
        Assert.Equal(["a done", "b done", "c done"], h.Model.Requests[1].ToolResults.Select(r => r.Result));
    }

    [Fact]
    public async Task Tool_result_event_is_a_2000_char_preview_while_the_model_receives_everything()
    {
        var big = new string('x', 5000);
        await using var h = new AgentHarness(b => b.AddTool(DelegateTool.Returning("big", big)));
        h.Model.EnqueueToolCall("big").EnqueueText("ok");
        await using var session = h.NewSession();

        await session.RunAsync("go", h.Sink, Ct);

        var preview = h.Sink.OfType<ToolResultEvent>().Single().Result;
        Assert.Equal(2003, preview.Length);
        Assert.EndsWith("...", preview, StringComparison.Ordinal);
        Assert.Equal(big, h.Model.Requests[1].ToolResults.Single().Result);
    }

    [Fact]
    public async Task A_throwing_tool_becomes_an_error_result_and_the_loop_goes_on()
    {
        var broken = new DelegateTool("broken", (_, _) => throw new InvalidOperationException("disk on fire"));
        await using var h = new AgentHarness(b => b.AddTool(broken));
        h.Model.EnqueueToolCall("broken").EnqueueText("I see the error");
        await using var session = h.NewSession();

        var result = await session.RunAsync("go", h.Sink, Ct);

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        Assert.Equal("Error: disk on fire", h.Model.Requests[1].ToolResults.Single().Result);
        Assert.Equal("Error: disk on fire", h.Sink.OfType<ToolResultEvent>().Single().Result);
    }

    [Fact]
    public async Task An_unknown_tool_name_becomes_an_error_result_naming_it()
    {
        await using var h = new AgentHarness();
        h.Model.EnqueueToolCall("no_such_tool").EnqueueText("sorry");
        await using var session = h.NewSession();

        var result = await session.RunAsync("go", h.Sink, Ct);

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        var text = (string)h.Model.Requests[1].ToolResults.Single().Result!;
        Assert.StartsWith("Error: Unknown tool 'no_such_tool'", text, StringComparison.Ordinal);
        Assert.Contains("think", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Arguments_that_do_not_fit_the_schema_never_reach_the_tool()
    {
        var strict = new DelegateTool("strict", (_, _) => ValueTask.FromResult(ToolResult.Success("ran")), schema: """
            {"type":"object","properties":{"path":{"type":"string"},"limit":{"type":"integer"}},"required":["path"]}
            """);
        await using var h = new AgentHarness(b => b.AddTool(strict));
        h.Model.Enqueue(ScriptedTurn.ToolCall("strict", new { limit = "ten" })).EnqueueText("fixing");
        await using var session = h.NewSession();

        await session.RunAsync("go", h.Sink, Ct);

        Assert.Equal(0, strict.Calls);
        var text = (string)h.Model.Requests[1].ToolResults.Single().Result!;
        Assert.StartsWith("Error: Invalid arguments for tool 'strict'", text, StringComparison.Ordinal);
        Assert.Contains("path", text, StringComparison.Ordinal);
        Assert.Contains("/limit", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Arguments_that_are_not_json_become_an_error_result()
    {
        var tool = DelegateTool.Returning("echo", "ran");
        await using var h = new AgentHarness(b => b.AddTool(tool));
        h.Model.Enqueue(new ScriptedTurn().WithRawToolCall("echo", "{not json")).EnqueueText("oops");
        await using var session = h.NewSession();

        await session.RunAsync("go", h.Sink, Ct);

        Assert.Equal(0, tool.Calls);
        Assert.Contains("not valid JSON", (string)h.Model.Requests[1].ToolResults.Single().Result!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_plan_mode_only_read_only_tools_are_offered_and_others_are_refused()
    {
        var write = DelegateTool.Returning("write", "written");
        await using var h = new AgentHarness(b => b.AddTool(write));
        h.Model.EnqueueToolCall("write").EnqueueText("planned");
        await using var session = h.NewSession(new AgentSessionOptions { PlanMode = true });

        await session.RunAsync("plan it", h.Sink, Ct);

        Assert.Equal(["read_file", "todo_write", "todo_add", "todo_complete", "todo_list", "list_skills", "read_skill", "think", "compact", "exit_plan_mode", "task_create", "task_get", "task_update", "task_list", "check_background"], h.Model.Requests[0].ToolNames);
        Assert.Equal(0, write.Calls);
        Assert.Contains("plan mode", (string)h.Model.Requests[1].ToolResults.Single().Result!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_think_tool_is_built_in_and_read_only()
    {
        await using var h = new AgentHarness();
        h.Model.Enqueue(ScriptedTurn.ToolCall("think", new { thought = "plan first" })).EnqueueText("ok");
        await using var session = h.NewSession();

        await session.RunAsync("go", h.Sink, Ct);

        Assert.Contains("think", h.Model.Requests[0].ToolNames);
        Assert.StartsWith("Noted", (string)h.Model.Requests[1].ToolResults.Single().Result!, StringComparison.Ordinal);
        Assert.True(session.Tools.TryGet("think", out var think) && think.IsReadOnly);
    }

    [Fact]
    public async Task Done_lists_the_workspace_files_without_the_state_folders()
    {
        var writer = new DelegateTool("save", async (ctx, ct) =>
        {
            await File.WriteAllTextAsync(Path.Combine(ctx.WorkspacePath, "notes.md"), "hi", ct);
            Directory.CreateDirectory(Path.Combine(ctx.WorkspacePath, ".tasks"));
            await File.WriteAllTextAsync(Path.Combine(ctx.WorkspacePath, ".tasks", "task_1.json"), "{}", ct);
            return "saved";
        });
        await using var h = new AgentHarness(b => b.AddTool(writer));
        h.Model.EnqueueToolCall("save").EnqueueText("saved it");
        await using var session = h.NewSession();

        await session.RunAsync("save", h.Sink, Ct);

        var done = h.Sink.OfType<DoneEvent>().Single();
        Assert.Equal([new WorkspaceFile("notes.md", "notes.md")], done.Files);
    }

    [Fact]
    public async Task A_second_run_on_a_busy_session_is_refused_clearly()
    {
        await using var h = new AgentHarness();
        h.Model.Enqueue(ScriptedTurn.Text("slow").WithDelay(TimeSpan.FromSeconds(30)));
        await using var session = h.NewSession();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var first = session.RunAsync("one", h.Sink, cts.Token);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => session.RunAsync("two", h.Sink, Ct));
        await cts.CancelAsync();
        await first;

        Assert.Contains("already running", error.Message, StringComparison.Ordinal);
        Assert.False(session.IsRunning);
    }

    [Fact]
    public async Task Sessions_run_side_by_side_without_sharing_state()
    {
        await using var h = new AgentHarness();
        h.Model.Enqueue(r => ScriptedTurn.Text("echo: " + r.LastMessage!.Text).WithDelay(TimeSpan.FromMilliseconds(20)))
               .Enqueue(r => ScriptedTurn.Text("echo: " + r.LastMessage!.Text).WithDelay(TimeSpan.FromMilliseconds(20)));
        using var otherWorkspace = new TempWorkspace();
        await using var a = h.NewSession();
        await using var b = h.NewSession(new AgentSessionOptions { WorkspacePath = otherWorkspace.Path });

        await Task.WhenAll(a.RunAsync("alpha", AgentEventSink.Null, Ct), b.RunAsync("beta", AgentEventSink.Null, Ct));

        Assert.Equal("echo: alpha", a.History[1].Text);
        Assert.Equal("echo: beta", b.History[1].Text);
        Assert.NotEqual(a.Id, b.Id);
        Assert.NotSame(a.Services, b.Services);
    }

    internal static void AssertEveryCallHasAResult(AgentSession session) => AssertEveryCallHasAResult(session.History);

    internal static void AssertEveryCallHasAResult(IEnumerable<ChatMessage> history)
    {
        var calls = history.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Select(c => c.CallId).ToList();
        var results = history.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Select(r => r.CallId).ToList();
        Assert.Equal(calls, results);
    }
}