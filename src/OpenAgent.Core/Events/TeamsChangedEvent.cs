using System.Text.Json.Serialization;

namespace OpenAgent.Core.Events;

/// <summary>
/// Agent teams were switched on or off for the session.
/// </summary>
/// <param name="Enabled">Whether teams are now on.</param>
public sealed record TeamsChangedEvent(bool Enabled) : AgentEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => AgentEventTypes.TeamsChanged;
}
