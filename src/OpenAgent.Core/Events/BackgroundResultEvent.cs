using OpenAgent.Core.Background;
using System.Collections.Generic;

namespace OpenAgent.Core.Events;

/// <summary>
/// Background jobs finished and their results were added to the conversation.
/// </summary>
/// <param name="Notifications">One entry per finished job.</param>
public sealed record BackgroundResultEvent(IReadOnlyList<BackgroundNotification> Notifications) : AgentEvent
{
    /// <inheritdoc />
    public override string Type => AgentEventTypes.BackgroundResult;
}
