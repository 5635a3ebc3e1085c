using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Tasks;

namespace OpenAgent.Core.Tools.BuiltIn;

/// <summary><c>task_update</c>: changes a task: status, fields, owner, dependencies, metadata.</summary>
public sealed class TaskUpdateTool : TaskToolBase
{
    private static readonly JsonElement Schema = JsonElement.Parse("""
        {
          "type": "object",
          "properties": {
            "taskId": { "type": "integer" },
            "status": { "type": "string", "enum": ["pending", "in_progress", "completed", "deleted"] },
            "subject": { "type": "string" },
            "description": { "type": "string" },
            "activeForm": { "type": "string" },
            "owner": { "type": "string", "description": "Who works on it; empty to release it." },
            "addBlockedBy": { "type": "array", "items": { "type": "integer" }, "description": "Tasks that must be completed first." },
            "addBlocks": { "type": "array", "items": { "type": "integer" }, "description": "Tasks that wait for this one." },
            "metadata": { "type": "object", "description": "Keys to merge; null removes a key." }
          },
          "required": ["taskId"]
        }
        """);

    /// <inheritdoc />
    public override string Name => "task_update";

    /// <inheritdoc />
    public override string Description =>
        "Change a task: set its status (completing it unblocks the tasks waiting for it; deleted removes it), its " +
        "fields or owner, add dependencies, or merge metadata.";

    /// <inheritdoc />
    public override JsonElement InputSchema => Schema;

    private protected override async Task<string> RunAsync(ToolCallContext context, TaskBoard board, CancellationToken cancellationToken)
    {
        var arguments = context.GetArguments(TaskToolJsonContext.Default.TaskUpdateArguments);
        var update = new TaskUpdate
        {
            Status = arguments.Status,
            Subject = arguments.Subject,
            Description = arguments.Description,
            ActiveForm = arguments.ActiveForm,
            Owner = arguments.Owner,
            AddBlockedBy = arguments.AddBlockedBy,
            AddBlocks = arguments.AddBlocks,
            Metadata = arguments.Metadata,
        };
        return TaskBoard.ToJson(await board.UpdateAsync(arguments.TaskId, update, cancellationToken).ConfigureAwait(false));
    }
}

internal sealed record TaskUpdateArguments(
    int TaskId,
    string? Status,
    string? Subject,
    string? Description,
    string? ActiveForm,
    string? Owner,
    IReadOnlyList<int>? AddBlockedBy,
    IReadOnlyList<int>? AddBlocks,
    IReadOnlyDictionary<string, JsonElement>? Metadata);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(TaskUpdateArguments))]
internal sealed partial class TaskToolJsonContext : JsonSerializerContext;
