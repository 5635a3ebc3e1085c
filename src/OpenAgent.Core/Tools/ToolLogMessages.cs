using System;
using Microsoft.Extensions.Logging;

namespace OpenAgent.Core.Tools;

/// <summary>
/// The tool registry's log messages (event ids 200-299), in one place.
/// </summary>
internal static partial class ToolLogMessages
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Tool {ToolName} failed; the model receives the error.")]
    public static partial void ToolFailed(this ILogger logger, string toolName, Exception exception);
}
