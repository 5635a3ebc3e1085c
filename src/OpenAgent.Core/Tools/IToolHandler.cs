using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAgent.Core.Tools;

/// <summary>
/// A tool the agent can call. Register one with <c>builder.AddTool&lt;T&gt;()</c>; it is resolved from the session's
/// service scope, so it can take its own dependencies through its constructor.
/// </summary>
public interface IToolHandler
{
    /// <summary>Gets the name the model calls the tool by: letters, digits, <c>_</c> and <c>-</c>, at most 64 characters.</summary>
    string Name { get; }

    /// <summary>Gets the description the model reads to decide when to call the tool.</summary>
    string Description { get; }

    /// <summary>Gets the JSON schema of the tool's arguments (an object schema). Arguments that do not fit it never reach
    /// <see cref="InvokeAsync"/>: the model receives an error describing the mismatch instead.</summary>
    JsonElement InputSchema { get; }

    /// <summary>Gets a value indicating whether the tool only reads. Read-only tools never ask for approval, stay
    /// available in plan mode, and do not count as real work for the end-of-run summary.</summary>
    bool IsReadOnly { get; }

    /// <summary>Runs the tool.</summary>
    /// <param name="context">The call: its arguments, the session, the workspace and the event sink.</param>
    /// <param name="cancellationToken">Signalled when the run is cancelled or interrupted; stop promptly.</param>
    /// <returns>The result the model reads. An exception thrown here also becomes an error result the model reads.</returns>
    ValueTask<ToolResult> InvokeAsync(ToolCallContext context, CancellationToken cancellationToken);
}
