using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Tasks;

namespace OpenAgent.Core.Tools.BuiltIn;

/// <summary><c>task_get</c>: shows one task of the task board.</summary>
public sealed class TaskGetTool : TaskToolBase
{
    private static readonly JsonElement Schema = JsonElement.Parse("""
        { "type": "object", "properties": { "taskId": { "type": "integer", "description": "The task's id." } }, "required": ["taskId"] }
        """);

    /// <inheritdoc />
    public override string Name => "task_get";

    /// <inheritdoc />
    public override string Description => "Show one task of the task board with all its fields.";

    /// <inheritdoc />
    public override JsonElement InputSchema => Schema;

    private protected override bool ReportsBoard => false;

    private protected override Task<string> RunAsync(ToolCallContext context, TaskBoard board, CancellationToken cancellationToken) =>
        Task.FromResult(TaskBoard.ToJson(board.Get(context.GetInt32("taskId")!.Value)));
}
