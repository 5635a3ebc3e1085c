using System.Collections.Generic;
using System.Text.Json;
using OpenAgent.Core.Todos;

namespace OpenAgent.Core.Tools.BuiltIn;

/// <summary><c>todo_complete</c>: marks an item of the session's todo list as completed.</summary>
public sealed class TodoCompleteTool : TodoToolBase
{
    private static readonly JsonElement Schema = JsonElement.Parse("""
        {
          "type": "object",
          "properties": { "content": { "type": "string", "description": "The item's content, exactly as written in the list." } },
          "required": ["content"]
        }
        """);

    /// <inheritdoc />
    public override string Name => "todo_complete";

    /// <inheritdoc />
    public override string Description => "Mark a todo item as completed; name it by its exact content.";

    /// <inheritdoc />
    public override JsonElement InputSchema => Schema;

    private protected override IReadOnlyList<TodoItem>? Change(ToolCallContext context, TodoList list) =>
        list.Complete(context.GetRequiredString("content"));
}
