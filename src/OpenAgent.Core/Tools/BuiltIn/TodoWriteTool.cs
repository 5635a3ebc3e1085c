using System.Collections.Generic;
using System.Text.Json;
using OpenAgent.Core.Todos;

namespace OpenAgent.Core.Tools.BuiltIn;

/// <summary><c>todo_write</c>: replaces the session's todo list.</summary>
public sealed class TodoWriteTool : TodoToolBase
{
    private static readonly JsonElement Schema = JsonElement.Parse("""
        {
          "type": "object",
          "properties": {
            "items": {
              "type": "array",
              "description": "The whole list, in order (at most 20 items, at most one in_progress).",
              "items": {
                "type": "object",
                "properties": {
                  "content": { "type": "string", "description": "What is to be done." },
                  "status": { "type": "string", "enum": ["pending", "in_progress", "completed"] },
                  "activeForm": { "type": "string", "description": "The same in the present continuous, shown while it is in progress." }
                },
                "required": ["content", "status", "activeForm"]
              }
            }
          },
          "required": ["items"]
        }
        """);

    /// <inheritdoc />
    public override string Name => "todo_write";

    /// <inheritdoc />
    public override string Description =>
        "Replace your todo list for this task. Keep it short; mark one item in_progress while you work on it and " +
        "completed as soon as it is done.";

    /// <inheritdoc />
    public override JsonElement InputSchema => Schema;

    private protected override IReadOnlyList<TodoItem>? Change(ToolCallContext context, TodoList list) =>
        list.Replace(context.GetArguments(TodoJsonContext.Default.TodoWriteArguments).Items);
}
