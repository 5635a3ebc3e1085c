using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Workspace;

namespace OpenAgent.Core.Tools.BuiltIn;

/// <summary>
/// <c>write_file</c>: creates or replaces a file of the workspace, atomically, creating missing folders.
/// </summary>
public sealed class WriteFileTool : IToolHandler
{
    private static readonly JsonElement Schema = JsonElement.Parse("""
        {
          "type": "object",
          "properties": {
            "path": { "type": "string", "description": "The file's path, relative to the workspace." },
            "content": { "type": "string", "description": "The whole new content of the file." }
          },
          "required": ["path", "content"]
        }
        """);

    /// <inheritdoc />
    public string Name => "write_file";

    /// <inheritdoc />
    public string Description =>
        "Create a file in the workspace, or replace one, with the given content. Missing folders are created. " +
        "To change part of an existing file, prefer edit_file.";

    /// <inheritdoc />
    public JsonElement InputSchema => Schema;

    /// <inheritdoc />
    public bool IsReadOnly => false;

    /// <inheritdoc />
    public async ValueTask<ToolResult> InvokeAsync(ToolCallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var relative = context.GetRequiredString("path");
        var content = context.GetRequiredString("content");
        var path = WorkspacePaths.Resolve(context.WorkspacePath, relative);
        if (System.IO.Directory.Exists(path))
        {
            return ToolResult.Error($"'{relative}' is a folder, not a file.");
        }

        var bytes = await AtomicFile.WriteAllTextAsync(path, content, cancellationToken).ConfigureAwait(false);
        return ToolResult.Success($"Wrote {bytes:N0} bytes to {WorkspacePaths.ToRelative(context.WorkspacePath, path)}.");
    }
}
