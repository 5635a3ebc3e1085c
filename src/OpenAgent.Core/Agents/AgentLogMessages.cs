using System;
using Microsoft.Extensions.Logging;

namespace OpenAgent.Core.Agents;

/// <summary>
/// The agent loop's log messages (event ids 100-199), in one place.
/// </summary>
internal static partial class AgentLogMessages
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "Session {SessionId}: run started with {MessageCount} messages.")]
    public static partial void RunStarted(this ILogger logger, string sessionId, int messageCount);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information,
        Message = "Session {SessionId}: run ended {Status} after {Turns} model calls ({InputTokens} input, {OutputTokens} output tokens).")]
    public static partial void RunEnded(this ILogger logger, string sessionId, AgentRunStatus status, int turns, long inputTokens, long outputTokens);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Session {SessionId}: the model call failed.")]
    public static partial void ModelCallFailed(this ILogger logger, string sessionId, Exception exception);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Session {SessionId}: interrupted by new input; starting a new run.")]
    public static partial void Interrupted(this ILogger logger, string sessionId);

    [LoggerMessage(EventId = 110, Level = LogLevel.Debug, Message = "Session {SessionId}: tool {ToolName} finished in {ElapsedMs:0.0} ms (error: {IsError}).")]
    public static partial void ToolCompleted(this ILogger logger, string sessionId, string toolName, double elapsedMs, bool isError);

    [LoggerMessage(EventId = 111, Level = LogLevel.Trace, Message = "Session {SessionId}: tool {ToolName} input {Input} returned {Result}")]
    public static partial void ToolData(this ILogger logger, string sessionId, string toolName, string input, string result);
}
