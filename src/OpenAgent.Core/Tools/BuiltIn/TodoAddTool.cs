using System.Collections.Generic;
using System.Text.Json;
using OpenAgent.Core.Todos;

namespace OpenAgent.Core.Tools.BuiltIn;

/// <summary><c>todo_add</c>: adds one item to the session's todo list.</summary>
public sealed class TodoAddTool : TodoToolBase
{
    private static readonly JsonElement Schema = JsonElement.Parse("""
        {
          "type": "object",
          "properties": {
            "content": { "type": "string", "description": "What is to be done." },
            "activeForm": { "type": "string", "description": "The same in the present continuous; defaults to content." },
            "status": { "type": "string", "enum": ["pending", "in_progress", "completed"], "description": "Defaults to pending." }
          },
          "required": ["content"]
        }
        """);

    /// <inheritdoc />
    public override string Name => "todo_add";

    /// <inheritdoc />
    public override string Description => "Add one item to the end of your todo list (at most 20 items).";

    /// <inheritdoc />
    public override JsonElement InputSchema => Schema;

    private protected override IReadOnlyList<TodoItem>? Change(ToolCallContext context, TodoList list)
    {
        var content = context.GetRequiredString("content");
        return list.Add(new TodoItem(content, context.GetString("status") ?? "pending", context.GetString("activeForm") ?? content));
    }
}
