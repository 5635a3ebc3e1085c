using System.Collections.Generic;
using System.Text.Json.Serialization;
using OpenAgent.Core.Tasks;

namespace OpenAgent.Core.Events;

/// <summary>
/// The task board changed.
/// </summary>
/// <param name="Tasks">The whole board after the change, ordered by id.</param>
public sealed record TaskUpdateEvent(IReadOnlyList<TaskRecord> Tasks) : AgentEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => AgentEventTypes.TaskUpdate;
}
