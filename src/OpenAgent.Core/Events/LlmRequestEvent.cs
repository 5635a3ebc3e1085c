using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenAgent.Core.Events;

/// <summary>
/// A model request, reported when tracing is on for the session. Secrets are redacted before it is emitted.
/// </summary>
/// <param name="Seq">The call's sequence number within the session, starting at 1; the matching <see cref="LlmResponseEvent"/> has the same.</param>
/// <param name="Model">The model id, if known.</param>
/// <param name="System">The system prompt.</param>
/// <param name="Messages">The conversation sent, as JSON.</param>
/// <param name="Tools">The tool definitions sent, as JSON.</param>
/// <param name="MaxTokens">The output token limit.</param>
/// <param name="Temperature">The sampling temperature.</param>
/// <param name="ThinkingEnabled">Whether extended reasoning was requested.</param>
/// <param name="ThinkingEffort">The requested reasoning effort, if any.</param>
/// <param name="MessageCount">How many messages were sent.</param>
/// <param name="ToolCount">How many tools were offered.</param>
public sealed record LlmRequestEvent(
    int Seq,
    string? Model,
    string? System,
    JsonElement Messages,
    JsonElement Tools,
    int? MaxTokens,
    float? Temperature,
    bool ThinkingEnabled,
    string? ThinkingEffort,
    int MessageCount,
    int ToolCount) : AgentEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => AgentEventTypes.LlmRequest;
}
