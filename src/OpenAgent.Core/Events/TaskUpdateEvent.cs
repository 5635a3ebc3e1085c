using OpenAgent.Core.Tasks;
using System.Collections.Generic;

namespace OpenAgent.Core.Events;

/// <summary>
/// The task board changed.
/// </summary>
/// <param name="Tasks">The whole board after the change, ordered by id.</param>
public sealed record TaskUpdateEvent(IReadOnlyList<TaskRecord> Tasks) : AgentEvent
{
    /// <inheritdoc />
    public override string Type => AgentEventTypes.TaskUpdate;
}
