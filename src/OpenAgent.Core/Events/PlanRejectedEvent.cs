using System.Text.Json.Serialization;

namespace OpenAgent.Core.Events;

/// <summary>
/// The user rejected the plan.
/// </summary>
/// <param name="Feedback">The user's feedback, possibly empty.</param>
public sealed record PlanRejectedEvent(string Feedback) : AgentEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => AgentEventTypes.PlanRejected;
}
