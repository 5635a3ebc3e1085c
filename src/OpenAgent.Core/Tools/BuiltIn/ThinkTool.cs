using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAgent.Core.Tools.BuiltIn;

/// <summary>
/// <c>think</c>: a scratchpad. The model writes its reasoning down; nothing happens and nothing changes.
/// </summary>
public sealed class ThinkTool : IToolHandler
{
    private static readonly JsonElement Schema = JsonElement.Parse("""
        {
          "type": "object",
          "properties": {
            "thought": { "type": "string", "description": "Your reasoning, a plan, or notes to yourself." }
          },
          "required": ["thought"]
        }
        """);

    /// <inheritdoc />
    public string Name => "think";

    /// <inheritdoc />
    public string Description =>
        "Write down your reasoning before acting: weigh options, plan the next steps, or check results against the goal. " +
        "It has no effect on the workspace and returns nothing new.";

    /// <inheritdoc />
    public JsonElement InputSchema => Schema;

    /// <inheritdoc />
    public bool IsReadOnly => true;

    /// <inheritdoc />
    public ValueTask<ToolResult> InvokeAsync(ToolCallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(ToolResult.Success("Noted. Continue with the next step."));
    }
}
