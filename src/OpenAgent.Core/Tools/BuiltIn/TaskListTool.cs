using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Tasks;

namespace OpenAgent.Core.Tools.BuiltIn;

/// <summary><c>task_list</c>: shows the whole task board.</summary>
public sealed class TaskListTool : TaskToolBase
{
    private static readonly JsonElement Schema = JsonElement.Parse("""{ "type": "object", "properties": {} }""");

    /// <inheritdoc />
    public override string Name => "task_list";

    /// <inheritdoc />
    public override string Description => "Show the task board: every task with its status, owner and blockers.";

    /// <inheritdoc />
    public override JsonElement InputSchema => Schema;

    private protected override Task<string> RunAsync(ToolCallContext context, TaskBoard board, CancellationToken cancellationToken) =>
        Task.FromResult(board.Render());
}
