using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Core.Background;

namespace OpenAgent.Core.Tools.BuiltIn;

/// <summary><c>check_background</c>: shows the state of one background job, or of all of them.</summary>
public sealed class CheckBackgroundTool : IToolHandler
{
    private static readonly JsonElement Schema = JsonElement.Parse("""
        { "type": "object", "properties": { "task_id": { "type": "string", "description": "A job id; all jobs when omitted." } } }
        """);

    /// <inheritdoc />
    public string Name => "check_background";

    /// <inheritdoc />
    public string Description => "Show the status of background jobs (one, with its output, or all of them).";

    /// <inheritdoc />
    public JsonElement InputSchema => Schema;

    /// <inheritdoc />
    public bool IsReadOnly => true;

    /// <inheritdoc />
    public ValueTask<ToolResult> InvokeAsync(ToolCallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(ToolResult.Success(context.Services.GetRequiredService<BackgroundJobs>().Describe(context.GetString("task_id"))));
    }
}
