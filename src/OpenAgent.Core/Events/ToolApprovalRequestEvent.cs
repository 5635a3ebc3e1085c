using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace OpenAgent.Core.Events;

/// <summary>
/// A tool call waits for the user's decision (approval is on and the tool is not read-only).
/// </summary>
/// <param name="Tools">The calls awaiting a decision (one per request: approval is asked per call).</param>
public sealed record ToolApprovalRequestEvent(IReadOnlyList<ApprovalToolCall> Tools) : AgentEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => AgentEventTypes.ToolApprovalRequest;
}
