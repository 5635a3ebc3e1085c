using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Workspace;

namespace OpenAgent.Core.Prompts;

/// <summary>
/// The cross-session memory of a workspace: <c>.agent/memory.md</c>, at most <see cref="MaxBytes"/> bytes of UTF-8.
/// </summary>
public static class AgentMemory
{
    /// <summary>The most bytes the memory file holds; older lines are dropped first.</summary>
    public const int MaxBytes = 4096;

    /// <summary>Gets the memory file's path in <paramref name="workspacePath"/>.</summary>
    /// <param name="workspacePath">The workspace folder.</param>
    /// <returns>The path.</returns>
    public static string PathIn(string workspacePath)
    {
        ArgumentNullException.ThrowIfNull(workspacePath);
        return Path.Combine(workspacePath, ".agent", "memory.md");
    }

    /// <summary>Reads the memory; empty when there is none.</summary>
    /// <param name="workspacePath">The workspace folder.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The memory text.</returns>
    public static async Task<string> ReadAsync(string workspacePath, CancellationToken cancellationToken = default)
    {
        var path = PathIn(workspacePath);
        return File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false) : string.Empty;
    }

    /// <summary>Writes the memory atomically, dropping whole lines from the top until it fits in <see cref="MaxBytes"/>.</summary>
    /// <param name="workspacePath">The workspace folder.</param>
    /// <param name="text">The new memory.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The text actually written.</returns>
    public static async Task<string> WriteAsync(string workspacePath, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var kept = Fit(text);
        await AtomicFile.WriteAllTextAsync(PathIn(workspacePath), kept, cancellationToken).ConfigureAwait(false);
        return kept;
    }

    /// <summary>Drops whole lines from the top until the text fits in <see cref="MaxBytes"/> bytes of UTF-8.</summary>
    internal static string Fit(string text)
    {
        if (Encoding.UTF8.GetByteCount(text) <= MaxBytes)
        {
            return text;
        }

        var lines = text.Split('\n');
        var bytes = Encoding.UTF8.GetByteCount(text);
        var start = 0;
        while (start < lines.Length - 1 && bytes > MaxBytes)
        {
            bytes -= Encoding.UTF8.GetByteCount(lines[start]) + 1;
            start++;
        }

        var kept = string.Join('\n', lines, start, lines.Length - start);
        if (Encoding.UTF8.GetByteCount(kept) <= MaxBytes)
        {
            return kept;
        }

        // A single line longer than the limit: keep its end, on a character boundary.
        var tail = kept;
        while (Encoding.UTF8.GetByteCount(tail) > MaxBytes)
        {
            tail = tail[Math.Max(1, tail.Length - (MaxBytes / 4))..];
        }

        return tail;
    }
}
