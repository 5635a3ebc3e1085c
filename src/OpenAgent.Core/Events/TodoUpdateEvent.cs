using OpenAgent.Core.Todos;
using System.Collections.Generic;

namespace OpenAgent.Core.Events;

/// <summary>
/// The session's todo list changed.
/// </summary>
/// <param name="Todos">The whole list after the change.</param>
public sealed record TodoUpdateEvent(IReadOnlyList<TodoItem> Todos) : AgentEvent
{
    /// <inheritdoc />
    public override string Type => AgentEventTypes.TodoUpdate;
}
