using System.Text.Json.Serialization;

namespace OpenAgent.Core.Events;

/// <summary>
/// Tool approval was switched on or off for the session.
/// </summary>
/// <param name="Enabled">Whether approval is now on.</param>
public sealed record ApprovalChangedEvent(bool Enabled) : AgentEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => AgentEventTypes.ApprovalChanged;
}
