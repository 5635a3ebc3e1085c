using System.Text.Json.Serialization;

namespace OpenAgent.Core.Events;

/// <summary>
/// A chunk of assistant text, emitted as the model streams it.
/// </summary>
/// <param name="Content">The text of the chunk.</param>
public sealed record TextDeltaEvent(string Content) : AgentEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => AgentEventTypes.TextDelta;
}
