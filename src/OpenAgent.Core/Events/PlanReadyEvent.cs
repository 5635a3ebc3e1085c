using System.Text.Json.Serialization;

namespace OpenAgent.Core.Events;

/// <summary>
/// A plan is ready for the user's review.
/// </summary>
/// <param name="Plan">The plan, in Markdown.</param>
public sealed record PlanReadyEvent(string Plan) : AgentEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => AgentEventTypes.PlanReady;
}
