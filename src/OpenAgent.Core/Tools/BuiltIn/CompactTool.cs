using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAgent.Core.Tools.BuiltIn;

/// <summary>
/// <c>compact</c>: asks for the conversation to be summarised after this step, to free context; an optional focus says
/// what the summary must keep.
/// </summary>
public sealed class CompactTool : IToolHandler
{
    private static readonly JsonElement Schema = JsonElement.Parse("""
        {
          "type": "object",
          "properties": {
            "focus": { "type": "string", "description": "What the summary must keep in particular (optional)." }
          }
        }
        """);

    /// <inheritdoc />
    public string Name => "compact";

    /// <inheritdoc />
    public string Description =>
        "Summarise the conversation so far to free context, for example before a new phase of a long task. Older " +
        "messages are replaced by a summary (the full text is kept in a transcript file).";

    /// <inheritdoc />
    public JsonElement InputSchema => Schema;

    /// <inheritdoc />
    public bool IsReadOnly => true;

    /// <inheritdoc />
    public ValueTask<ToolResult> InvokeAsync(ToolCallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var focus = context.GetString("focus");
        context.Session.RequestCompaction(focus);
        return ValueTask.FromResult(ToolResult.Success("The conversation will be compacted after this step; carry on with the task."));
    }
}
