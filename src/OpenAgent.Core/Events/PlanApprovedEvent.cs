using System.Text.Json.Serialization;

namespace OpenAgent.Core.Events;

/// <summary>
/// The user approved the plan; the agent goes on to carry it out.
/// </summary>
public sealed record PlanApprovedEvent : AgentEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => AgentEventTypes.PlanApproved;
}
