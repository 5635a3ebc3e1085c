using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenAgent.Core.Events;

/// <summary>
/// The model asked for a tool call. Emitted for every call of a response before any of them runs.
/// </summary>
/// <param name="Tool">The tool's name.</param>
/// <param name="Input">The call's arguments, a JSON object.</param>
public sealed record ToolCallEvent(string Tool, JsonElement Input) : AgentEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => AgentEventTypes.ToolCall;
}
