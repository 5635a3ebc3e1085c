using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Teams;

namespace OpenAgent.Core.Tools.BuiltIn.Team;

/// <summary><c>idle</c>: a teammate says it has nothing left to do; it waits for mail or a task to claim.</summary>
internal sealed class IdleTool : IToolHandler
{
    private static readonly JsonElement InputSchemaValue = JsonElement.Parse("""{"type": "object", "properties": {}}""");

    public string Name => "idle";

    public string Description => "Call when you have nothing left to do. You will wake up when a message arrives or a task is free to claim.";

    public JsonElement InputSchema => InputSchemaValue;

    public bool IsReadOnly => true;

    public ValueTask<ToolResult> InvokeAsync(ToolCallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Caller is Teammate teammate)
        {
            teammate.IdleRequested = true;
        }

        return ValueTask.FromResult(ToolResult.Success("Going idle."));
    }
}
