using System.Collections.Generic;
using System.Text.Json.Serialization;
using OpenAgent.Core.Background;

namespace OpenAgent.Core.Events;

/// <summary>
/// Background jobs finished and their results were added to the conversation.
/// </summary>
/// <param name="Notifications">One entry per finished job.</param>
public sealed record BackgroundResultEvent(IReadOnlyList<BackgroundNotification> Notifications) : AgentEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => AgentEventTypes.BackgroundResult;
}
