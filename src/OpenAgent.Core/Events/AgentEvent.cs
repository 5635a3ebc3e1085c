using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenAgent.Core.Events;

/// <summary>
/// One step of an agent run, reported to the host. Serialises to the openagent-core wire format:
/// a JSON object whose <c>"type"</c> names the event (see <see cref="AgentEventTypes"/>) and whose other
/// properties are snake_case.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(TextDeltaEvent), AgentEventTypes.TextDelta)]
[JsonDerivedType(typeof(ToolCallEvent), AgentEventTypes.ToolCall)]
[JsonDerivedType(typeof(ToolResultEvent), AgentEventTypes.ToolResult)]
[JsonDerivedType(typeof(ToolApprovalRequestEvent), AgentEventTypes.ToolApprovalRequest)]
[JsonDerivedType(typeof(ToolApprovalResultEvent), AgentEventTypes.ToolApprovalResult)]
[JsonDerivedType(typeof(SubagentStartEvent), AgentEventTypes.SubagentStart)]
[JsonDerivedType(typeof(SubagentEndEvent), AgentEventTypes.SubagentEnd)]
[JsonDerivedType(typeof(TodoUpdateEvent), AgentEventTypes.TodoUpdate)]
[JsonDerivedType(typeof(TaskUpdateEvent), AgentEventTypes.TaskUpdate)]
[JsonDerivedType(typeof(BackgroundResultEvent), AgentEventTypes.BackgroundResult)]
[JsonDerivedType(typeof(TeammateStatusEvent), AgentEventTypes.TeammateStatus)]
[JsonDerivedType(typeof(CompactEvent), AgentEventTypes.Compact)]
[JsonDerivedType(typeof(LlmRequestEvent), AgentEventTypes.LlmRequest)]
[JsonDerivedType(typeof(LlmResponseEvent), AgentEventTypes.LlmResponse)]
[JsonDerivedType(typeof(InterruptedEvent), AgentEventTypes.Interrupted)]
[JsonDerivedType(typeof(DoneEvent), AgentEventTypes.Done)]
[JsonDerivedType(typeof(ErrorEvent), AgentEventTypes.Error)]
[JsonDerivedType(typeof(PlanModeChangedEvent), AgentEventTypes.PlanModeChanged)]
[JsonDerivedType(typeof(PlanReadyEvent), AgentEventTypes.PlanReady)]
[JsonDerivedType(typeof(PlanApprovedEvent), AgentEventTypes.PlanApproved)]
[JsonDerivedType(typeof(PlanRejectedEvent), AgentEventTypes.PlanRejected)]
[JsonDerivedType(typeof(TeamsChangedEvent), AgentEventTypes.TeamsChanged)]
[JsonDerivedType(typeof(ApprovalChangedEvent), AgentEventTypes.ApprovalChanged)]
public abstract record AgentEvent
{
    private protected AgentEvent()
    {
    }

    /// <summary>Gets the wire name of this event, the value of its <c>"type"</c> property.</summary>
    [JsonIgnore]
    public abstract string Type { get; }

    /// <summary>Serialises this event to its wire JSON, for example <c>{"type":"text_delta","content":"Hi"}</c>.</summary>
    /// <returns>The event as compact JSON.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, AgentJsonContext.Default.AgentEvent);

    /// <summary>Serialises this event as UTF-8 JSON bytes (what a WebSocket text frame carries).</summary>
    /// <returns>The event as compact UTF-8 JSON.</returns>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, AgentJsonContext.Default.AgentEvent);

    /// <summary>Reads an event from its wire JSON.</summary>
    /// <param name="json">A JSON object with a known <c>"type"</c>.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="JsonException">The JSON is malformed or its <c>"type"</c> is unknown.</exception>
    public static AgentEvent FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize(json, AgentJsonContext.Default.AgentEvent)
                ?? throw new JsonException("The JSON 'null' is not an agent event.");
        }
        catch (NotSupportedException ex)
        {
            throw new JsonException("An agent event needs a known \"type\" property.", ex);
        }
    }
}
