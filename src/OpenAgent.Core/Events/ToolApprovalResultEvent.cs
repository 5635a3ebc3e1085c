using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace OpenAgent.Core.Events;

/// <summary>
/// The user's decision on a tool approval request.
/// </summary>
/// <param name="Decision"><c>approved</c>, <c>denied</c> or <c>auto_approved</c>.</param>
/// <param name="Tools">The names of the tools the decision applies to.</param>
public sealed record ToolApprovalResultEvent(string Decision, IReadOnlyList<string> Tools) : AgentEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => AgentEventTypes.ToolApprovalResult;
}
