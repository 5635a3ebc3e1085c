using System;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Workspace;

namespace OpenAgent.Core.Tools.BuiltIn;

/// <summary>
/// <c>edit_file</c>: replaces one exact, unique piece of text in a file of the workspace.
/// </summary>
public sealed class EditFileTool : IToolHandler
{
    private static readonly JsonElement Schema = JsonElement.Parse("""
        {
          "type": "object",
          "properties": {
            "path": { "type": "string", "description": "The file's path, relative to the workspace." },
            "old_text": { "type": "string", "description": "The exact text to replace; it must occur exactly once." },
            "new_text": { "type": "string", "description": "The text to put in its place." }
          },
          "required": ["path", "old_text", "new_text"]
        }
        """);

    /// <inheritdoc />
    public string Name => "edit_file";

    /// <inheritdoc />
    public string Description =>
        "Replace a piece of text in a workspace file. old_text must match the file exactly (spaces and line breaks " +
        "included) and occur exactly once; include a few surrounding lines to make it unique.";

    /// <inheritdoc />
    public JsonElement InputSchema => Schema;

    /// <inheritdoc />
    public bool IsReadOnly => false;

    /// <inheritdoc />
    public async ValueTask<ToolResult> InvokeAsync(ToolCallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var relative = context.GetRequiredString("path");
        var oldText = context.GetRequiredString("old_text");
        var newText = context.GetRequiredString("new_text");
        if (oldText.Length == 0)
        {
            return ToolResult.Error("old_text must not be empty: give the exact text to replace.");
        }

        var path = WorkspacePaths.Resolve(context.WorkspacePath, relative);
        if (!File.Exists(path))
        {
            return ToolResult.Error($"File not found: {relative}");
        }

        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        var first = text.IndexOf(oldText, StringComparison.Ordinal);
        if (first < 0)
        {
            return ToolResult.Error($"old_text was not found in {relative}. Read the file and copy the text exactly.");
        }

        var count = Count(text, oldText);
        if (count > 1)
        {
            return ToolResult.Error($"old_text occurs {count} times in {relative}; include more surrounding text so it matches exactly once.");
        }

        var edited = string.Concat(text.AsSpan(0, first), newText, text.AsSpan(first + oldText.Length));
        await AtomicFile.WriteAllTextAsync(path, edited, cancellationToken).ConfigureAwait(false);
        return ToolResult.Success($"Edited {relative}: replaced 1 occurrence.");
    }

    private static int Count(string text, string value)
    {
        var count = 0;
        for (var index = text.IndexOf(value, StringComparison.Ordinal); index >= 0; index = text.IndexOf(value, index + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
