using System.Text.Json.Serialization;

namespace OpenAgent.Core.Events;

/// <summary>
/// Plan mode was switched on or off.
/// </summary>
/// <param name="Enabled">Whether plan mode is now on.</param>
public sealed record PlanModeChangedEvent(bool Enabled) : AgentEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => AgentEventTypes.PlanModeChanged;
}
