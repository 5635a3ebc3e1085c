using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Core.Background;

namespace OpenAgent.Core.Tools.BuiltIn;

/// <summary><c>background_run</c>: starts a shell command in the background and returns its id at once.</summary>
public sealed class BackgroundRunTool : IToolHandler
{
    private static readonly JsonElement Schema = JsonElement.Parse("""
        { "type": "object", "properties": { "command": { "type": "string", "description": "The command to run in the background." } }, "required": ["command"] }
        """);

    /// <inheritdoc />
    public string Name => "background_run";

    /// <inheritdoc />
    public string Description =>
        "Start a long-running shell command (a build, a test suite, a server) in the background and keep working. " +
        "Its result arrives by itself in a later turn; check_background shows its state meanwhile.";

    /// <inheritdoc />
    public JsonElement InputSchema => Schema;

    /// <inheritdoc />
    public bool IsReadOnly => false;

    /// <inheritdoc />
    public ValueTask<ToolResult> InvokeAsync(ToolCallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = context.GetRequiredString("command");
        var id = context.Services.GetRequiredService<BackgroundJobs>().Start(command);
        return ValueTask.FromResult(ToolResult.Success($"Background task {id} started: {(command.Length <= 80 ? command : command[..80])}"));
    }
}
