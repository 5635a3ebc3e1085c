using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using OpenAgent.Core.Diagnostics;
using OpenAgent.Core.Events;
using OpenAgent.Core.Tools;

namespace OpenAgent.Core.Agents;

/// <summary>
/// The tool half of a turn: announce every call, ask for approval call by call, run the approved calls in parallel,
/// and append one tool message with a result for every call, in call order, whatever happens.
/// </summary>
internal sealed partial class AgentLoop
{
    internal const int ResultPreviewLength = 2000;
    private const string CancelledResult = "Cancelled before it finished.";

    private async ValueTask<ToolBatchOutcome> RunToolCallsAsync(
        RunState run, List<FunctionCallContent> calls, CancellationToken cancellationToken)
    {
        var session = run.Session;
        var inputs = new JsonElement[calls.Count];
        for (var i = 0; i < calls.Count; i++)
        {
            var call = calls[i];
            inputs[i] = ToolArguments.ToJsonElement(call.Arguments);
            if (!(session.Tools.TryGet(call.Name, out var tool) && tool.IsReadOnly))
            {
                run.RealWork = true;
            }
        }

        for (var i = 0; i < calls.Count; i++)
        {
            await run.Sink.EmitAsync(new ToolCallEvent(calls[i].Name, inputs[i]), cancellationToken);
        }

        var results = new ToolResult?[calls.Count];
        var outcome = ToolBatchOutcome.Completed;
        try
        {
            for (var i = 0; i < calls.Count; i++)
            {
                if (Precheck(session, calls[i]) is { } refused)
                {
                    results[i] = refused;
                    await EmitResultAsync(run, calls[i].Name, refused, cancellationToken);
                }
            }

            outcome = await ApproveAsync(run, calls, inputs, results, cancellationToken);
            if (outcome == ToolBatchOutcome.Completed)
            {
                await ExecuteAsync(run, calls, inputs, results, cancellationToken);
            }
        }
        finally
        {
            // Whatever happened (cancellation, timeout, a failing sink), every call gets a result so history stays valid.
            var contents = new List<AIContent>(calls.Count);
            for (var i = 0; i < calls.Count; i++)
            {
                var text = results[i]?.Content ?? (outcome == ToolBatchOutcome.ApprovalTimedOut
                    ? "Error: Not run: no approval decision arrived in time."
                    : "Error: " + CancelledResult);
                contents.Add(new FunctionResultContent(calls[i].CallId, text));
            }

            session.History.Add(new ChatMessage(ChatRole.Tool, contents));
        }

        cancellationToken.ThrowIfCancellationRequested();
        return outcome == ToolBatchOutcome.Completed && Array.Exists(results, r => r is { EndsRun: true }) ? ToolBatchOutcome.EndRun : outcome;
    }

    /// <summary>The result for a call whose arguments the provider client could not parse.</summary>
    internal static ToolResult InvalidArguments(Exception parseError) =>
        ToolResult.Error($"The arguments of this call are not valid JSON ({parseError.Message}). Call the tool again with a JSON object.");

    private static ToolResult? Precheck(AgentSession session, FunctionCallContent call)
    {
        if (call.Exception is { } parseError)
        {
            return InvalidArguments(parseError);
        }

        // In plan mode other tools are refused, not just hidden.
        if (session.Tools.TryGet(call.Name, out var tool) && !session.IsOffered(tool))
        {
            return session.PlanMode && !tool.IsReadOnly
                ? ToolResult.Error($"Tool '{call.Name}' is not available in plan mode: only read-only tools may be used until the plan is approved.")
                : ToolResult.Error($"Tool '{call.Name}' is not available right now.");
        }

        return null;
    }

    private async ValueTask<ToolBatchOutcome> ApproveAsync(
        RunState run, List<FunctionCallContent> calls, JsonElement[] inputs, ToolResult?[] results, CancellationToken cancellationToken)
    {
        var session = run.Session;
        for (var i = 0; i < calls.Count; i++)
        {
            var call = calls[i];
            if (results[i] is not null || !session.ApprovalEnabled || !session.Tools.TryGet(call.Name, out var tool) || tool.IsReadOnly)
            {
                continue;
            }

            // The approver is asked before the request event goes out, so an answer that comes back at once (a user
            // clicking fast, over a socket) always finds the question waiting.
            using var asked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var asking = AskApproverAsync(session, call, inputs[i], asked.Token);
            try
            {
                await run.Sink.EmitAsync(new ToolApprovalRequestEvent([new ApprovalToolCall(call.Name, inputs[i], call.CallId)]), cancellationToken);
            }
            catch
            {
                // Nobody will see the question: stop waiting for its answer.
                await asked.CancelAsync();
                await asking.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                throw;
            }

            var decision = await asking;
            if (decision is null)
            {
                return ToolBatchOutcome.ApprovalTimedOut;
            }

            switch (decision.Value)
            {
                case ToolApprovalDecision.Approve:
                    await run.Sink.EmitAsync(new ToolApprovalResultEvent("approved", [call.Name]), cancellationToken);
                    break;
                case ToolApprovalDecision.ApproveAll:
                    session.ApprovalEnabled = false;
                    await run.Sink.EmitAsync(new ToolApprovalResultEvent("auto_approved", [call.Name]), cancellationToken);
                    break;
                default:
                    results[i] = ToolResult.Error(
                        $"The user denied this call to '{call.Name}', so it did not run. Do not repeat it unchanged: adjust your approach or ask the user.");
                    await run.Sink.EmitAsync(new ToolApprovalResultEvent("denied", [call.Name]), cancellationToken);
                    await EmitResultAsync(run, call.Name, results[i]!, cancellationToken);
                    break;
            }
        }

        return ToolBatchOutcome.Completed;
    }

    /// <summary>Returns the decision, or <see langword="null"/> when none arrived within the approval timeout.</summary>
    private async Task<ToolApprovalDecision?> AskApproverAsync(AgentSession session, FunctionCallContent call, JsonElement input, CancellationToken cancellationToken)
    {
        var approver = session.Approver;
        if (approver is null)
        {
            return ToolApprovalDecision.Deny;
        }

        using var timeout = new CancellationTokenSource(_options.ApprovalTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await approver.RequestApprovalAsync(new ToolApprovalRequest(session, call.CallId, call.Name, input), linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private async ValueTask ExecuteAsync(
        RunState run, List<FunctionCallContent> calls, JsonElement[] inputs, ToolResult?[] results, CancellationToken cancellationToken)
    {
        var pending = new List<int>(calls.Count);
        for (var i = 0; i < calls.Count; i++)
        {
            if (results[i] is null)
            {
                pending.Add(i);
            }
        }

        if (pending.Count == 1)
        {
            var index = pending[0];
            results[index] = await InvokeAsync(run, calls[index], inputs[index], cancellationToken);
            await EmitResultAsync(run, calls[index].Name, results[index]!, cancellationToken);
            return;
        }

        // The batch's own token lets a failing sink stop the calls still running.
        using var batch = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = new List<Task<(int Index, ToolResult Result)>>(pending.Count);
        foreach (var index in pending)
        {
            tasks.Add(Task.Run(async () => (index, await InvokeAsync(run, calls[index], inputs[index], batch.Token)), CancellationToken.None));
        }

        // Results are reported as each call finishes; they go back to the model in call order. Whatever happens to
        // the reporting, every call is waited for: none keeps running after the run has ended.
        ExceptionDispatchInfo? sinkFailure = null;
        await foreach (var finished in Task.WhenEach(tasks))
        {
            var (index, result) = await finished;
            results[index] = result;
            if (sinkFailure is not null)
            {
                continue;
            }

            try
            {
                await EmitResultAsync(run, calls[index].Name, result, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                sinkFailure = ExceptionDispatchInfo.Capture(ex);
                await batch.CancelAsync();
            }
        }

        sinkFailure?.Throw();
    }

    /// <summary>
    /// Runs one tool call for an agent working beside the loop (a sub-agent, a teammate) on <paramref name="session"/>'s
    /// behalf: arguments that did not parse become a tool error, and the call gets its <c>execute_tool</c> span and metrics
    /// like the loop's own calls.
    /// </summary>
    internal static async Task<ToolResult> InvokeForAsync(
        AgentSession session, ToolRegistry tools, FunctionCallContent call, IAgentEventSink events, object? caller, CancellationToken cancellationToken)
    {
        if (call.Exception is { } parseError)
        {
            return InvalidArguments(parseError);
        }

        var context = new ToolCallContext(call.Name, call.CallId, ToolArguments.ToJsonElement(call.Arguments), session, events, session.Services)
        {
            ParsedArguments = call.Arguments,
            Caller = caller,
        };
        var started = Stopwatch.GetTimestamp();
        var activity = OpenAgentTelemetry.StartTool(call.Name, call.CallId);
        var result = await tools.InvokeAsync(context, cancellationToken).ConfigureAwait(false);
        OpenAgentTelemetry.EndTool(activity, call.Name, result.IsError, Stopwatch.GetElapsedTime(started));
        return result;
    }

    private async ValueTask<ToolResult> InvokeAsync(RunState run, FunctionCallContent call, JsonElement input, CancellationToken cancellationToken)
    {
        var context = new ToolCallContext(call.Name, call.CallId, input, run.Session, run.Sink, run.Session.Services)
        {
            ParsedArguments = call.Arguments,
            TokenBudgetLeft = Math.Max(0, _options.MaxTokenBudget - run.Usage.TotalTokens),
        };
        var started = _time.GetTimestamp();
        var activity = OpenAgentTelemetry.StartTool(call.Name, call.CallId);
        ToolResult result;
        try
        {
            result = await run.Session.Tools.InvokeAsync(context, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            result = ToolResult.Error(CancelledResult);
        }

        var elapsed = _time.GetElapsedTime(started);
        OpenAgentTelemetry.EndTool(activity, call.Name, result.IsError, elapsed);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            _logger.ToolCompleted(run.Session.Id, call.Name, elapsed.TotalMilliseconds, result.IsError);
        }

        // Tool inputs and outputs may hold secrets: only at Trace, and only when the host opted in.
        if (_logger.IsEnabled(LogLevel.Trace) && _options.EnableSensitiveData)
        {
            var inputJson = input.GetRawText();
            _logger.ToolData(run.Session.Id, call.Name, inputJson, result.Content);
        }

        return result;
    }

    private static ValueTask EmitResultAsync(RunState run, string toolName, ToolResult result, CancellationToken cancellationToken)
    {
        // Results reach here one at a time on the loop's own path, so the run's totals need no lock.
        if (result.Usage is { } usage)
        {
            run.AddToolUsage(usage);
        }

        return run.Sink.EmitAsync(new ToolResultEvent(toolName, Preview(result.Content)), cancellationToken);
    }

    internal static string Preview(string content) =>
        content.Length <= ResultPreviewLength ? content : string.Concat(content.AsSpan(0, ResultPreviewLength), "...");
}
