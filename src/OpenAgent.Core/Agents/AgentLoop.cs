using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAgent.Core.Compaction;
using OpenAgent.Core.Diagnostics;
using OpenAgent.Core.Events;
using OpenAgent.Core.Prompts;
using OpenAgent.Core.Tools;

namespace OpenAgent.Core.Agents;

/// <summary>
/// The agent loop: stream the model, run its tool calls, feed the results back, until it answers without tools.
/// One turn reads top to bottom in <see cref="RunOnceAsync"/>; calling the model lives in AgentLoop.Model.cs, tool execution
/// and approval in AgentLoop.Tools.cs.
/// </summary>
internal sealed partial class AgentLoop
{
    internal const int MaxContinuations = 3;
    internal const int WrapUpTurnsRemaining = 3;
    internal const string CancelledMessage = "Cancelled";

    private const string ContinueRequest =
        "[Your previous reply was cut off by the output limit. Continue exactly where it stopped, without repeating anything.]";

    private const string PlanModeInstructions =
        """
        You are in plan mode. Explore and plan only: use read-only tools, and do not run commands or change any file.
        Understand the request, look at what you need to, then write the plan in Markdown: a title, the objective,
        numbered steps, and the files to create or change. When it is complete, call exit_plan_mode with the plan so the
        user can approve it.
        """;

    private const string SummaryRequest =
        "The turn limit for this request has been reached. Without calling any tools, summarise briefly: what was done, " +
        "what is unfinished, and the next steps.";

    private readonly IChatClient _chatClient;
    private readonly OpenAgentOptions _options;
    private readonly ISystemPromptProvider _prompts;
    private readonly CompactionStrategy _compaction;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public AgentLoop(
        IChatClient chatClient,
        IOptions<OpenAgentOptions> options,
        ISystemPromptProvider prompts,
        CompactionStrategy compaction,
        TimeProvider time,
        ILoggerFactory loggerFactory)
    {
        _chatClient = chatClient;
        _options = options.Value;
        _prompts = prompts;
        _compaction = compaction;
        _time = time;
        _logger = loggerFactory.CreateLogger<AgentLoop>();
        ToolLogger = loggerFactory.CreateLogger<ToolRegistry>();
    }

    internal ILogger ToolLogger { get; }

    public async Task<AgentRunResult> RunAsync(AgentSession session, string userText, IAgentEventSink events, CancellationToken cancellationToken)
    {
        if (session.ApprovalEnabled && session.Approver is null)
        {
            throw new InvalidOperationException(
                $"Approval is on for session '{session.Id}' but no IToolApprover is available: register one in DI or set AgentSession.Approver.");
        }

        using var sink = new SerializedEventSink(events);
        session.RunEvents = sink;
        try
        {
            return await RunTurnsAsync(session, userText, sink, cancellationToken);
        }
        finally
        {
            session.RunEvents = null;
        }
    }

    private async Task<AgentRunResult> RunTurnsAsync(AgentSession session, string userText, SerializedEventSink sink, CancellationToken cancellationToken)
    {
        var input = userText;
        while (true)
        {
            using var turn = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            session.BeginTurn(turn);
            var activity = OpenAgentTelemetry.StartAgent(AgentName, session.Id, session.Id, _options.ModelId);
            AgentRunResult? result = null;
            try
            {
                result = await RunOnceAsync(session, input, sink, turn.Token, cancellationToken);

                // Input that arrived while the run was finishing is not lost: it starts the next run.
                if (cancellationToken.IsCancellationRequested || !session.TryTakeInterrupt(out var feedback))
                {
                    // A turn stopped without new input was stopped by the session closing: report a cancellation.
                    result = result.Status == AgentRunStatus.Interrupted ? await ReportClosedAsync(session, sink, result) : result;
                    return result;
                }

                input = feedback;
            }
            finally
            {
                OpenAgentTelemetry.EndAgent(activity, StatusName(result?.Status), result?.Turns ?? 0,
                    result?.Usage.InputTokens ?? 0, result?.Usage.OutputTokens ?? 0,
                    result is null ? "The run threw an exception." : result.ErrorMessage ?? (IsFailure(result.Status) ? StatusName(result.Status) : null));
            }

            if (result.Status == AgentRunStatus.Interrupted)
            {
                await sink.EmitAsync(new InterruptedEvent(result.Usage, session.ListFiles()), CancellationToken.None);
            }

            _logger.Interrupted(session.Id);
        }
    }

    /// <summary>The <c>gen_ai.agent.name</c> of the main agent's spans.</summary>
    internal const string AgentName = "openagent";

    private static bool IsFailure(AgentRunStatus status) => status is not (AgentRunStatus.Completed or AgentRunStatus.Interrupted);

    internal static string StatusName(AgentRunStatus? status) => status switch
    {
        null => "exception",
        AgentRunStatus.Completed => "completed",
        AgentRunStatus.Failed => "failed",
        AgentRunStatus.Cancelled => "cancelled",
        AgentRunStatus.Interrupted => "interrupted",
        AgentRunStatus.BudgetExceeded => "budget_exceeded",
        AgentRunStatus.ApprovalTimedOut => "approval_timed_out",
        _ => status.Value.ToString().ToLowerInvariant(),
    };

    private async Task<AgentRunResult> RunOnceAsync(
        AgentSession session, string userText, SerializedEventSink sink, CancellationToken cancellationToken, CancellationToken outerToken)
    {
        var run = new RunState(session, sink);
        session.PlanReadySent = false;
        session.History.Add(new ChatMessage(ChatRole.User, userText));
        _logger.RunStarted(session.Id, session.History.Count);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            await session.LoadToolSourcesAsync(cancellationToken);
            var systemPrompt = await _prompts.GetSystemPromptAsync(session, cancellationToken);
            var hooks = session.TurnHooks;
            var hookContext = new AgentTurnContext(session, sink);
            var options = CreateChatOptions(session);
            var continuations = 0;

            for (var turn = 0; turn < _options.MaxTurns; turn++)
            {
                using var turnActivity = OpenAgentTelemetry.StartTurn(turn);
                _compaction.MicroCompact(session.History);
                hookContext.TurnIndex = turn;
                foreach (var hook in hooks)
                {
                    await hook.OnTurnStartingAsync(hookContext, cancellationToken);
                }

                cancellationToken.ThrowIfCancellationRequested();
                var wrapUp = run.RealWork && _options.MaxTurns - turn - 1 <= WrapUpTurnsRemaining;
                var system = session.PlanMode ? systemPrompt + "\n\n" + PlanModeInstructions : systemPrompt;
                system = wrapUp ? system + "\n\n" + WrapUpNote(_options.MaxTurns - turn - 1) : system;

                var response = await CallModelAsync(run, system, options, cancellationToken);
                if (response is null)
                {
                    return run.Result(AgentRunStatus.Failed);
                }

                var calls = GetToolCalls(response);
                if (calls.Count == 0)
                {
                    if (response.FinishReason == ChatFinishReason.Length && continuations < MaxContinuations)
                    {
                        continuations++;
                        session.History.Add(new ChatMessage(ChatRole.User, ContinueRequest));
                        continue;
                    }

                    return await CompleteAsync(run);
                }

                var outcome = await RunToolCallsAsync(run, calls, cancellationToken);
                if (outcome == ToolBatchOutcome.EndRun)
                {
                    return await CompleteAsync(run);
                }

                if (outcome == ToolBatchOutcome.ApprovalTimedOut)
                {
                    return await FailAsync(run, AgentRunStatus.ApprovalTimedOut,
                        $"Tool approval timed out: no decision arrived within {_options.ApprovalTimeout.TotalSeconds:0} s.");
                }

                if (run.Usage.TotalTokens > _options.MaxTokenBudget)
                {
                    return await FailAsync(run, AgentRunStatus.BudgetExceeded,
                        $"Token budget exceeded: this run used {run.Usage.TotalTokens:N0} tokens, more than the budget of {_options.MaxTokenBudget:N0}.");
                }

                var threshold = (long)(_options.ContextWindow * _options.CompactThreshold);
                if (session.TakeCompactionRequest(out var focus))
                {
                    await sink.EmitAsync(new CompactEvent(focus is null
                        ? "Compacting the conversation, as requested."
                        : $"Compacting the conversation, as requested, with a focus on: {focus}"), cancellationToken);
                    await _compaction.CompactAsync(
                        new CompactionContext(session, session.History, CompactionTrigger.Manual, run.LastInputTokens, focus, sink), cancellationToken);
                }
                else if (run.LastInputTokens > threshold)
                {
                    await sink.EmitAsync(new CompactEvent(
                        $"The context reached {run.LastInputTokens:N0} input tokens (threshold {threshold:N0}); compacting the conversation."),
                        cancellationToken);
                    await _compaction.CompactAsync(
                        new CompactionContext(session, session.History, CompactionTrigger.Automatic, run.LastInputTokens, null, sink), cancellationToken);
                }

                // Plan mode may have changed during the tools: offer the tools that fit the new mode.
                options = session.PlanMode == run.PlanModeOffered ? options : CreateChatOptions(session);
                run.PlanModeOffered = session.PlanMode;
            }

            if (run.RealWork && !await SummariseAfterTurnLimitAsync(run, systemPrompt, options, cancellationToken))
            {
                return run.Result(AgentRunStatus.Failed);
            }

            return await CompleteAsync(run);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !sink.Faulted)
        {
            if (!outerToken.IsCancellationRequested)
            {
                return run.Result(AgentRunStatus.Interrupted);
            }

            return await FailAsync(run, AgentRunStatus.Cancelled, CancelledMessage);
        }
    }

    private async ValueTask<AgentRunResult> CompleteAsync(RunState run)
    {
        // A run that ends in plan mode always hands its plan to the host, even if the model never submitted it.
        if (run.Session.PlanMode && !run.Session.PlanReadySent)
        {
            run.Session.PlanReadySent = true;
            await run.Sink.EmitAsync(new PlanReadyEvent(PlanText.Extract(run.Session)), CancellationToken.None);
        }

        await run.Sink.EmitAsync(new DoneEvent(run.Usage, run.Session.ListFiles()), CancellationToken.None);
        _logger.RunEnded(run.Session.Id, AgentRunStatus.Completed, run.Turns, run.Usage.InputTokens, run.Usage.OutputTokens);
        return run.Result(AgentRunStatus.Completed);
    }

    private async ValueTask<AgentRunResult> FailAsync(RunState run, AgentRunStatus status, string message)
    {
        run.Error = message;
        await run.Sink.EmitAsync(new ErrorEvent(message), CancellationToken.None);
        _logger.RunEnded(run.Session.Id, status, run.Turns, run.Usage.InputTokens, run.Usage.OutputTokens);
        return run.Result(status, message);
    }

    private async Task<AgentRunResult> ReportClosedAsync(AgentSession session, SerializedEventSink sink, AgentRunResult stopped)
    {
        await sink.EmitAsync(new ErrorEvent(CancelledMessage), CancellationToken.None);
        _logger.RunEnded(session.Id, AgentRunStatus.Cancelled, stopped.Turns, stopped.Usage.InputTokens, stopped.Usage.OutputTokens);
        return stopped with { Status = AgentRunStatus.Cancelled, ErrorMessage = CancelledMessage };
    }

    /// <summary>An exception's message, with the wrapped cause when the SDK's own message is generic ("I/O exception").</summary>
    internal static string Describe(Exception exception)
    {
        var message = exception.Message;
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (!message.Contains(inner.Message, StringComparison.Ordinal))
            {
                message += " (" + inner.Message + ")";
            }
        }

        return message;
    }

    private static string WrapUpNote(int turnsLeft) =>
        $"Note: only {turnsLeft} turn(s) remain for this request. Finish what is in progress and report; do not start anything new.";
}
