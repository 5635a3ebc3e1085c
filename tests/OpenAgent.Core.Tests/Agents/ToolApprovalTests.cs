using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Events;
using OpenAgent.Core.Tests.Support;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.Core.Tests.Agents;

public sealed class ToolApprovalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IToolApprover Answering(params ToolApprovalDecision[] decisions)
    {
        var approver = Substitute.For<IToolApprover>();
        var queue = new Queue<ToolApprovalDecision>(decisions);
        approver.RequestApprovalAsync(Arg.Any<ToolApprovalRequest>(), Arg.Any<CancellationToken>())
            .Returns(_ => ValueTask.FromResult(queue.Dequeue()));
        return approver;
    }

    [Fact]
    public async Task Approve_runs_the_call_after_one_request()
    {
        var write = DelegateTool.Returning("write", "written");
        await using var h = new AgentHarness(b => b.AddTool(write));
        h.Model.Enqueue(ScriptedTurn.ToolCall("write", callId: "w1")).EnqueueText("ok");
        var approver = Answering(ToolApprovalDecision.Approve);
        await using var session = h.NewSession(new AgentSessionOptions { ApprovalEnabled = true, Approver = approver });

        await session.RunAsync("go", h.Sink, Ct);

        Assert.Equal(1, write.Calls);
        var request = h.Sink.OfType<ToolApprovalRequestEvent>().Single();
        Assert.Equal(("write", "w1"), (request.Tools.Single().Name, request.Tools.Single().Id));
        Assert.Equal("approved", h.Sink.OfType<ToolApprovalResultEvent>().Single().Decision);
        Assert.Equal(["tool_call", "tool_approval_request", "tool_approval_result", "tool_result", "text_delta", "done"], h.Sink.Types);
        await approver.Received(1).RequestApprovalAsync(Arg.Is<ToolApprovalRequest>(r => r.ToolName == "write" && r.CallId == "w1" && r.Session == session), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Deny_skips_the_call_and_tells_the_model_it_was_denied()
    {
        var write = DelegateTool.Returning("write", "written");
        await using var h = new AgentHarness(b => b.AddTool(write));
        h.Model.EnqueueToolCall("write").EnqueueText("understood, I will not write");
        await using var session = h.NewSession(new AgentSessionOptions { ApprovalEnabled = true, Approver = Answering(ToolApprovalDecision.Deny) });

        var result = await session.RunAsync("go", h.Sink, Ct);

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        Assert.Equal(0, write.Calls);
        Assert.Contains("denied", (string)h.Model.Requests[1].ToolResults.Single().Result!, StringComparison.Ordinal);
        var denial = h.Sink.OfType<ToolApprovalResultEvent>().Single();
        Assert.Equal(("denied", "write"), (denial.Decision, denial.Tools.Single()));
    }

    [Fact]
    public async Task Approve_all_asks_once_and_switches_approval_off_for_the_session()
    {
        var write = DelegateTool.Returning("write", "written");
        await using var h = new AgentHarness(b => b.AddTool(write));
        h.Model.EnqueueToolCall("write").EnqueueToolCall("write").EnqueueText("done");
        var approver = Answering(ToolApprovalDecision.ApproveAll);
        await using var session = h.NewSession(new AgentSessionOptions { ApprovalEnabled = true, Approver = approver });

        await session.RunAsync("go", h.Sink, Ct);

        Assert.Equal(2, write.Calls);
        Assert.Single(h.Sink.OfType<ToolApprovalRequestEvent>());
        Assert.Equal("auto_approved", h.Sink.OfType<ToolApprovalResultEvent>().Single().Decision);
        Assert.False(session.ApprovalEnabled);
    }

    [Fact]
    public async Task Read_only_tools_never_ask()
    {
        await using var h = new AgentHarness();
        h.Model.Enqueue(ScriptedTurn.ToolCall("think", new { thought = "hmm" })).EnqueueText("ok");
        var approver = Substitute.For<IToolApprover>();
        await using var session = h.NewSession(new AgentSessionOptions { ApprovalEnabled = true, Approver = approver });

        await session.RunAsync("go", h.Sink, Ct);

        Assert.Empty(h.Sink.OfType<ToolApprovalRequestEvent>());
        await approver.DidNotReceive().RequestApprovalAsync(Arg.Any<ToolApprovalRequest>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Approval_is_per_call_not_per_batch()
    {
        var write = DelegateTool.Returning("write", "written");
        var delete = DelegateTool.Returning("delete", "deleted");
        await using var h = new AgentHarness(b => b.AddTool(write).AddTool(delete));
        h.Model.Enqueue(ScriptedTurn.ToolCall("write").WithToolCall("delete")).EnqueueText("ok");
        await using var session = h.NewSession(new AgentSessionOptions
        {
            ApprovalEnabled = true,
            Approver = Answering(ToolApprovalDecision.Approve, ToolApprovalDecision.Deny),
        });

        await session.RunAsync("go", h.Sink, Ct);

        Assert.Equal((1, 0), (write.Calls, delete.Calls));
        Assert.Equal(2, h.Sink.OfType<ToolApprovalRequestEvent>().Count);
        var results = h.Model.Requests[1].ToolResults;
        Assert.Equal("written", results[0].Result);
        Assert.Contains("denied", (string)results[1].Result!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_decision_within_the_timeout_ends_the_run_with_an_error_and_a_valid_history()
    {
        var time = new FakeTimeProvider();
        var write = DelegateTool.Returning("write", "written");
        await using var h = new AgentHarness(b => b.AddTool(write), services: s => s.AddSingleton<TimeProvider>(time));
        h.Model.EnqueueToolCall("write");
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var approver = new DelegateApprover(async (_, ct) =>
        {
            asked.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return ToolApprovalDecision.Approve;
        });
        await using var session = h.NewSession(new AgentSessionOptions { ApprovalEnabled = true, Approver = approver });

        var run = session.RunAsync("go", h.Sink, Ct);
        await asked.Task.WaitAsync(Ct);
        time.Advance(TimeSpan.FromSeconds(299));
        Assert.False(run.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Equal(AgentRunStatus.ApprovalTimedOut, result.Status);
        Assert.Equal(0, write.Calls);
        Assert.Contains("timed out", h.Sink.OfType<ErrorEvent>().Single().Message, StringComparison.Ordinal);
        AgentLoopTests.AssertEveryCallHasAResult(session);
    }

    [Fact]
    public async Task Approval_without_an_approver_is_a_clear_error_before_anything_runs()
    {
        await using var h = new AgentHarness();
        await using var session = h.NewSession(new AgentSessionOptions { ApprovalEnabled = true });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => session.RunAsync("go", h.Sink, Ct));

        Assert.Contains("IToolApprover", error.Message, StringComparison.Ordinal);
        Assert.Empty(h.Model.Requests);
    }

    [Fact]
    public async Task An_approver_registered_in_DI_is_used_by_default()
    {
        var write = DelegateTool.Returning("write", "written");
        var approver = Answering(ToolApprovalDecision.Deny);
        await using var h = new AgentHarness(b => b.AddTool(write), services: s => s.AddSingleton(approver));
        h.Model.EnqueueToolCall("write").EnqueueText("ok");
        await using var session = h.NewSession(new AgentSessionOptions { ApprovalEnabled = true });

        await session.RunAsync("go", h.Sink, Ct);

        Assert.Equal(0, write.Calls);
        await approver.Received(1).RequestApprovalAsync(Arg.Any<ToolApprovalRequest>(), Arg.Any<CancellationToken>());
    }
}
