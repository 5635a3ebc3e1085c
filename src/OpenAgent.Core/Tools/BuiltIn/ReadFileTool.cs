using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Workspace;

namespace OpenAgent.Core.Tools.BuiltIn;

/// <summary>
/// <c>read_file</c>: reads a text file of the workspace, optionally a window of its lines.
/// </summary>
public sealed class ReadFileTool : IToolHandler
{
    /// <summary>The most characters returned; longer content is cut with a note.</summary>
    public const int MaxCharacters = 50_000;

    private const int BinaryProbeBytes = 8192;

    private static readonly JsonElement Schema = JsonElement.Parse("""
        {
          "type": "object",
          "properties": {
            "path": { "type": "string", "description": "The file's path, relative to the workspace." },
            "limit": { "type": "integer", "minimum": 1, "description": "Read at most this many lines." },
            "offset": { "type": "integer", "minimum": 1, "description": "Start at this line (1 = the first)." }
          },
          "required": ["path"]
        }
        """);

    /// <inheritdoc />
    public string Name => "read_file";

    /// <inheritdoc />
    public string Description =>
        "Read a text file from the workspace. Use offset and limit to read part of a long file; the reply says how " +
        "many lines were left out.";

    /// <inheritdoc />
    public JsonElement InputSchema => Schema;

    /// <inheritdoc />
    public bool IsReadOnly => true;

    /// <inheritdoc />
    public async ValueTask<ToolResult> InvokeAsync(ToolCallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var relative = context.GetRequiredString("path");
        var limit = context.GetInt32("limit");
        var offset = context.GetInt32("offset") ?? 1;
        var path = WorkspacePaths.Resolve(context.WorkspacePath, relative);
        if (Directory.Exists(path))
        {
            return ToolResult.Error($"'{relative}' is a folder, not a file.");
        }

        if (!File.Exists(path))
        {
            return ToolResult.Error($"File not found: {relative}");
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        if (bytes.AsSpan(0, Math.Min(bytes.Length, BinaryProbeBytes)).Contains((byte)0))
        {
            return ToolResult.Error($"'{relative}' is a binary file ({bytes.Length:N0} bytes); read_file only reads text.");
        }

        var text = Encoding.UTF8.GetString(bytes);
        return ToolResult.Success(Window(text, offset, limit));
    }

    private static string Window(string text, int offset, int? limit)
    {
        if (offset <= 1 && limit is null)
        {
            return Cap(text);
        }

        var lines = text.Split('\n');
        var lineCount = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        var start = Math.Min(offset - 1, lineCount);
        var take = Math.Min(limit ?? int.MaxValue, lineCount - start);
        var builder = new StringBuilder();
        builder.Append(string.Join('\n', lines, start, take));
        var after = lineCount - start - take;
        if (after > 0)
        {
            builder.Append(CultureInfo.InvariantCulture, $"\n... ({after} more lines)");
        }

        return Cap(builder.ToString());
    }

    private static string Cap(string text) =>
        text.Length <= MaxCharacters
            ? text
            : string.Concat(text.AsSpan(0, MaxCharacters), $"\n... [cut: {text.Length - MaxCharacters:N0} more characters; use offset and limit to read the rest]");
}
