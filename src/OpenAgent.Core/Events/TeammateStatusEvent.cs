using System.Text.Json.Serialization;

namespace OpenAgent.Core.Events;

/// <summary>
/// A teammate changed state.
/// </summary>
/// <param name="Name">The teammate's name.</param>
/// <param name="Role">The teammate's role.</param>
/// <param name="Status"><c>working</c>, <c>idle</c> or <c>shutdown</c>.</param>
public sealed record TeammateStatusEvent(string Name, string Role, string Status) : AgentEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => AgentEventTypes.TeammateStatus;
}
