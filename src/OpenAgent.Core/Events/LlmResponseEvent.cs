using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenAgent.Core.Events;

/// <summary>
/// A model response, reported when tracing is on for the session. Secrets are redacted before it is emitted.
/// </summary>
/// <param name="Seq">The sequence number of the <see cref="LlmRequestEvent"/> this answers.</param>
/// <param name="Content">The response's content blocks, as JSON.</param>
/// <param name="ToolCalls">The tool calls the model asked for, as JSON.</param>
/// <param name="Done">Whether the response ends the run (it has no tool calls).</param>
/// <param name="Usage">The tokens the call used.</param>
public sealed record LlmResponseEvent(int Seq, JsonElement Content, JsonElement ToolCalls, bool Done, AgentUsage Usage) : AgentEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => AgentEventTypes.LlmResponse;
}
