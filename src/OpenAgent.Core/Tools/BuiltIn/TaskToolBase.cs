using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Core.Events;
using OpenAgent.Core.Tasks;

namespace OpenAgent.Core.Tools.BuiltIn;

/// <summary>
/// The base of the task-board tools: they work on the session's <see cref="TaskBoard"/> and report the whole board
/// as a <c>task_update</c> event after a change. Board bookkeeping counts as read-only (no approval, allowed in plan
/// mode), as the seed allowed <c>task_create</c> and <c>task_update</c> in plan mode.
/// </summary>
public abstract class TaskToolBase : IToolHandler
{
    private protected TaskToolBase()
    {
    }

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract string Description { get; }

    /// <inheritdoc />
    public abstract JsonElement InputSchema { get; }

    /// <inheritdoc />
    public bool IsReadOnly => true;

    /// <summary>Gets a value indicating whether the tool reports the board after it runs.</summary>
    private protected virtual bool ReportsBoard => true;

    /// <inheritdoc />
    public async ValueTask<ToolResult> InvokeAsync(ToolCallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var board = context.Services.GetRequiredService<TaskBoard>();
        var reply = await RunAsync(context, board, cancellationToken).ConfigureAwait(false);
        if (ReportsBoard)
        {
            await context.Events.EmitAsync(new TaskUpdateEvent(board.List()), cancellationToken);
        }

        return ToolResult.Success(reply);
    }

    private protected abstract Task<string> RunAsync(ToolCallContext context, TaskBoard board, CancellationToken cancellationToken);
}
