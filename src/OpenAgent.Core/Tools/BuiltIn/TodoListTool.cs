using System.Collections.Generic;
using System.Text.Json;
using OpenAgent.Core.Todos;

namespace OpenAgent.Core.Tools.BuiltIn;

/// <summary><c>todo_list</c>: shows the session's todo list.</summary>
public sealed class TodoListTool : TodoToolBase
{
    private static readonly JsonElement Schema = JsonElement.Parse("""{ "type": "object", "properties": {} }""");

    /// <inheritdoc />
    public override string Name => "todo_list";

    /// <inheritdoc />
    public override string Description => "Show your todo list and how much of it is done.";

    /// <inheritdoc />
    public override JsonElement InputSchema => Schema;

    private protected override IReadOnlyList<TodoItem>? Change(ToolCallContext context, TodoList list) => null;
}
