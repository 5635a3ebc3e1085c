using System.Text.Json.Serialization;

namespace OpenAgent.Core.Events;

/// <summary>
/// A tool call finished. The model receives the full result; this event carries a preview of at most 2,000 characters.
/// </summary>
/// <param name="Tool">The tool's name.</param>
/// <param name="Result">The result preview: the first 2,000 characters, followed by <c>...</c> when longer.</param>
public sealed record ToolResultEvent(string Tool, string Result) : AgentEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => AgentEventTypes.ToolResult;
}
