using System.Collections.Generic;
using System.Text.Json.Serialization;
using OpenAgent.Core.Todos;

namespace OpenAgent.Core.Events;

/// <summary>
/// The session's todo list changed.
/// </summary>
/// <param name="Todos">The whole list after the change.</param>
public sealed record TodoUpdateEvent(IReadOnlyList<TodoItem> Todos) : AgentEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => AgentEventTypes.TodoUpdate;
}
