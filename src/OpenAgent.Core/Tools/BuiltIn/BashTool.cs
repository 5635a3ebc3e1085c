using System;
using System.Globalization;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Options;
using OpenAgent.Core.Shell;

namespace OpenAgent.Core.Tools.BuiltIn;

/// <summary>
/// <c>bash</c>: runs a shell command in the workspace and reports its output and exit code.
/// </summary>
/// <remarks>
/// Commands pass <see cref="ShellCommandPolicy"/> first (dangerous commands and the <c>AllowedCommands</c> list), then
/// run through <see cref="ShellCommandRunner"/>: <c>BashTimeout</c>, 50,000-character output cap, secrets removed from
/// the environment, whole process group killed at the end.
/// </remarks>
public sealed class BashTool : IToolHandler
{
    private static readonly JsonElement Schema = JsonElement.Parse("""
        {
          "type": "object",
          "properties": {
            "command": { "type": "string", "description": "The command, run with /bin/bash -c in the workspace." }
          },
          "required": ["command"]
        }
        """);

    private readonly ShellCommandRunner _runner;
    private readonly OpenAgentOptions _options;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="runner">The command runner.</param>
    /// <param name="options">The SDK options (timeout, allowed commands).</param>
    public BashTool(ShellCommandRunner runner, IOptions<OpenAgentOptions> options)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(options);
        _runner = runner;
        _options = options.Value;
    }

    /// <inheritdoc />
    public string Name => "bash";

    /// <inheritdoc />
    public string Description =>
        "Run a shell command in the workspace and get its output (stdout and stderr together) and exit code. " +
        "Commands that wait for input get none; anything the command starts is stopped when it ends, so use " +
        "background jobs for servers and long tasks.";

    /// <inheritdoc />
    public JsonElement InputSchema => Schema;

    /// <inheritdoc />
    public bool IsReadOnly => false;

    /// <inheritdoc />
    public async ValueTask<ToolResult> InvokeAsync(ToolCallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = context.GetRequiredString("command");
        if (ShellCommandPolicy.Check(command, [.. _options.AllowedCommands]) is { } refusal)
        {
            return ToolResult.Error(refusal);
        }

        var result = await _runner.RunAsync(command, context.WorkspacePath, _options.BashTimeout, cancellationToken).ConfigureAwait(false);
        var text = result.ToText();
        return result.TimedOut
            ? ToolResult.Error(string.Create(CultureInfo.InvariantCulture, $"The command timed out after {_options.BashTimeout.TotalSeconds:0.#} s and was stopped. Output so far:\n{text}"))
            : ToolResult.Success(text);
    }
}
