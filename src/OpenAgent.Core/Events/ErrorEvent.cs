using System.Text.Json.Serialization;

namespace OpenAgent.Core.Events;

/// <summary>
/// The run failed or was stopped. <c>Cancelled</c> when it was cancelled.
/// </summary>
/// <param name="Message">What went wrong, for the user.</param>
public sealed record ErrorEvent(string Message) : AgentEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => AgentEventTypes.Error;
}
