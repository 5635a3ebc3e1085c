using System.Text.Json.Serialization;

namespace OpenAgent.Core.Events;

/// <summary>
/// The conversation was compacted to keep the context small.
/// </summary>
/// <param name="Message">What happened, for the user.</param>
public sealed record CompactEvent(string Message) : AgentEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => AgentEventTypes.Compact;
}
