using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OpenAgent.Core.Diagnostics;

/// <summary>
/// The names of the SDK's OpenTelemetry sources. Spans follow the GenAI semantic conventions: <c>invoke_agent</c> for a run
/// (and for each sub-agent), a span per turn, and <c>execute_tool</c> for each tool call. Model calls are traced by
/// Microsoft.Extensions.AI's <c>UseOpenTelemetry()</c>, whose <c>chat</c> spans nest under the turn that made them.
/// </summary>
/// <example>
/// <code>
/// services.AddOpenTelemetry()
///     .WithTracing(t => t.AddSource(OpenAgentTelemetry.ActivitySourceName))
///     .WithMetrics(m => m.AddMeter(OpenAgentTelemetry.MeterName));
/// </code>
/// </example>
public static class OpenAgentTelemetry
{
    /// <summary>The name of the SDK's <see cref="System.Diagnostics.ActivitySource"/>.</summary>
    public const string ActivitySourceName = "OpenAgent.Core";

    /// <summary>The name of the SDK's <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string MeterName = "OpenAgent.Core";

    private static readonly string? Version = typeof(OpenAgentTelemetry).Assembly.GetName().Version?.ToString();

    internal static ActivitySource Source { get; } = new(ActivitySourceName, Version);

    internal static Meter Meter { get; } = new(MeterName, Version);

    /// <summary>Tokens used, by <c>gen_ai.token.type</c> (input or output).</summary>
    internal static Counter<long> Tokens { get; } =
        Meter.CreateCounter<long>("openagent.tokens", "{token}", "Tokens used by agent runs, including sub-agents.");

    /// <summary>Runs finished, by <c>openagent.run.status</c>.</summary>
    internal static Counter<long> Runs { get; } =
        Meter.CreateCounter<long>("openagent.runs", "{run}", "Agent runs finished.");

    /// <summary>Tool calls finished, by <c>gen_ai.tool.name</c> and <c>error.type</c>.</summary>
    internal static Counter<long> ToolCalls { get; } =
        Meter.CreateCounter<long>("openagent.tool.calls", "{call}", "Tool calls finished.");

    /// <summary>Tool call duration, by <c>gen_ai.tool.name</c>.</summary>
    internal static Histogram<double> ToolDuration { get; } =
        Meter.CreateHistogram<double>("openagent.tool.duration", "s", "How long tool calls took.");

    internal const string OperationName = "gen_ai.operation.name";
    internal const string AgentName = "gen_ai.agent.name";
    internal const string AgentId = "gen_ai.agent.id";
    internal const string ConversationId = "gen_ai.conversation.id";
    internal const string RequestModel = "gen_ai.request.model";
    internal const string InputTokens = "gen_ai.usage.input_tokens";
    internal const string OutputTokens = "gen_ai.usage.output_tokens";
    internal const string TokenType = "gen_ai.token.type";
    internal const string ToolName = "gen_ai.tool.name";
    internal const string ToolCallId = "gen_ai.tool.call.id";
    internal const string ToolType = "gen_ai.tool.type";
    internal const string ErrorType = "error.type";
    internal const string RunStatus = "openagent.run.status";
    internal const string RunTurns = "openagent.run.turns";
    internal const string TurnIndex = "openagent.turn.index";

    /// <summary>Starts an <c>invoke_agent</c> span, or returns <see langword="null"/> when nobody listens.</summary>
    internal static Activity? StartAgent(string agentName, string agentId, string conversationId, string? model)
    {
        // Without a listener there is no span, and no name to build for it.
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity($"invoke_agent {agentName}", ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(OperationName, "invoke_agent");
            activity.SetTag(AgentName, agentName);
            activity.SetTag(AgentId, agentId);
            activity.SetTag(ConversationId, conversationId);
            activity.SetTag(RequestModel, model);
        }

        return activity;
    }

    /// <summary>Ends an <c>invoke_agent</c> span with the run's outcome and counts its tokens.</summary>
    /// <remarks>Sub-agents pass <paramref name="record"/> false: their tokens are counted in the run of the agent that started them.</remarks>
    internal static void EndAgent(Activity? activity, string status, int turns, long inputTokens, long outputTokens, string? error, bool record = true)
    {
        if (record && Tokens.Enabled)
        {
            Tokens.Add(inputTokens, new KeyValuePair<string, object?>(TokenType, "input"));
            Tokens.Add(outputTokens, new KeyValuePair<string, object?>(TokenType, "output"));
        }

        if (record && Runs.Enabled)
        {
            Runs.Add(1, new KeyValuePair<string, object?>(RunStatus, status));
        }

        if (activity is null)
        {
            return;
        }

        activity.SetTag(InputTokens, inputTokens);
        activity.SetTag(OutputTokens, outputTokens);
        activity.SetTag(RunStatus, status);
        activity.SetTag(RunTurns, turns);
        if (error is not null)
        {
            activity.SetTag(ErrorType, status);
            activity.SetStatus(ActivityStatusCode.Error, error);
        }

        activity.Dispose();
    }

    /// <summary>Starts a span for one turn (one model call and the tools it asked for).</summary>
    internal static Activity? StartTurn(int index)
    {
        var activity = Source.StartActivity("agent_turn", ActivityKind.Internal);
        activity?.SetTag(TurnIndex, index);
        return activity;
    }

    /// <summary>Starts an <c>execute_tool</c> span.</summary>
    internal static Activity? StartTool(string toolName, string callId)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity($"execute_tool {toolName}", ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(OperationName, "execute_tool");
            activity.SetTag(ToolName, toolName);
            activity.SetTag(ToolCallId, callId);
            activity.SetTag(ToolType, "function");
        }

        return activity;
    }

    /// <summary>Ends an <c>execute_tool</c> span and records the call.</summary>
    internal static void EndTool(Activity? activity, string toolName, bool isError, TimeSpan elapsed)
    {
        if (ToolCalls.Enabled)
        {
            if (isError)
            {
                ToolCalls.Add(1, new(ToolName, toolName), new(ErrorType, "tool_error"));
            }
            else
            {
                ToolCalls.Add(1, new KeyValuePair<string, object?>(ToolName, toolName));
            }
        }

        if (ToolDuration.Enabled)
        {
            ToolDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>(ToolName, toolName));
        }

        if (activity is null)
        {
            return;
        }

        if (isError)
        {
            activity.SetTag(ErrorType, "tool_error");
            activity.SetStatus(ActivityStatusCode.Error);
        }

        activity.Dispose();
    }
}
