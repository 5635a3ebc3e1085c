using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Tasks;

namespace OpenAgent.Core.Tools.BuiltIn;

/// <summary><c>task_create</c>: adds a pending task to the shared task board.</summary>
public sealed class TaskCreateTool : TaskToolBase
{
    private static readonly JsonElement Schema = JsonElement.Parse("""
        {
          "type": "object",
          "properties": {
            "subject": { "type": "string", "description": "A short title." },
            "description": { "type": "string", "description": "What exactly is to be done." },
            "activeForm": { "type": "string", "description": "The present continuous form shown while it is in progress." }
          },
          "required": ["subject"]
        }
        """);

    /// <inheritdoc />
    public override string Name => "task_create";

    /// <inheritdoc />
    public override string Description =>
        "Add a task to the shared task board (visible to teammates). Use task_update to add dependencies, claim or finish it.";

    /// <inheritdoc />
    public override JsonElement InputSchema => Schema;

    private protected override async Task<string> RunAsync(ToolCallContext context, TaskBoard board, CancellationToken cancellationToken) =>
        TaskBoard.ToJson(await board.CreateAsync(context.GetRequiredString("subject"), context.GetString("description"), context.GetString("activeForm"), cancellationToken).ConfigureAwait(false));
}
