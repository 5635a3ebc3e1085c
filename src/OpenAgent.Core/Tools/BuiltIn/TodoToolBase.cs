using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Core.Events;
using OpenAgent.Core.Todos;

namespace OpenAgent.Core.Tools.BuiltIn;

/// <summary>
/// The base of the todo tools: they work on the session's <see cref="TodoList"/>, report every change as a
/// <c>todo_update</c> event, and count as bookkeeping (read-only: no approval, allowed in plan mode).
/// </summary>
public abstract class TodoToolBase : IToolHandler
{
    private protected TodoToolBase()
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

    /// <inheritdoc />
    public async ValueTask<ToolResult> InvokeAsync(ToolCallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var list = context.Services.GetRequiredService<TodoList>();
        var changed = Change(context, list);
        if (changed is not null)
        {
            await context.Events.EmitAsync(new TodoUpdateEvent(changed), cancellationToken);
        }

        return ToolResult.Success(list.Render());
    }

    /// <summary>Applies the tool's change; returns the new list, or <see langword="null"/> when nothing changed.</summary>
    private protected abstract IReadOnlyList<TodoItem>? Change(ToolCallContext context, TodoList list);
}
