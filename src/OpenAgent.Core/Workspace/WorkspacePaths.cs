using System;
using System.IO;

namespace OpenAgent.Core.Workspace;

/// <summary>
/// Resolves paths given by the model (or a user) against a workspace, refusing anything that could reach outside it:
/// absolute paths, <c>..</c>, NUL bytes, a symbolic link at any component that points outside, and device, FIFO or
/// socket files.
/// </summary>
/// <remarks>
/// Links inside the workspace are followed. The check is made when the path is resolved; a link swapped for another
/// between the check and the use is outside what a path check can prevent (the shell sandbox covers that case).
/// </remarks>
public static class WorkspacePaths
{
    /// <summary>Resolves <paramref name="path"/> inside <paramref name="workspaceRoot"/>.</summary>
    /// <param name="workspaceRoot">The workspace folder.</param>
    /// <param name="path">A path relative to the workspace, with <c>/</c> (or <c>\</c>) separators.</param>
    /// <returns>The full path, inside the workspace (links resolved). It may not exist yet.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="workspaceRoot"/> is <see langword="null"/>.</exception>
    /// <exception cref="WorkspacePathException">The path is empty, absolute, contains <c>..</c> or a NUL byte, leaves
    /// the workspace through a link, or names a special file.</exception>
    public static string Resolve(string workspaceRoot, string? path)
    {
        ArgumentNullException.ThrowIfNull(workspaceRoot);
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new WorkspacePathException("A path is required.");
        }

        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw new WorkspacePathException("The path contains a null byte.");
        }

        if (Path.IsPathRooted(path) || path.StartsWith('~'))
        {
            throw new WorkspacePathException($"'{path}' is absolute: use a path relative to the workspace.");
        }

        var root = RealPath(Path.GetFullPath(workspaceRoot));
        var current = root;
        foreach (var part in path.Split('/', '\\'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                throw new WorkspacePathException($"'{path}' escapes workspace: '..' is not allowed.");
            }

            current = Path.Combine(current, part);
            var info = new FileInfo(current);
            if (info.LinkTarget is { } linkTarget)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName
                    ?? Path.GetFullPath(linkTarget, Path.GetDirectoryName(current)!);
                if (!IsInside(root, target))
                {
                    throw new WorkspacePathException($"'{path}' escapes workspace through the symbolic link '{part}'.");
                }

                current = target;
            }
        }

        if (UnixFileType.IsSpecial(current))
        {
            throw new WorkspacePathException($"'{path}' is a device, pipe or socket, not a regular file.");
        }

        return current;
    }

    /// <summary>Gets the path of <paramref name="fullPath"/> relative to the workspace, with <c>/</c> separators.</summary>
    /// <param name="workspaceRoot">The workspace folder.</param>
    /// <param name="fullPath">A full path inside it.</param>
    /// <returns>The relative path.</returns>
    public static string ToRelative(string workspaceRoot, string fullPath)
    {
        ArgumentNullException.ThrowIfNull(workspaceRoot);
        ArgumentNullException.ThrowIfNull(fullPath);
        return Path.GetRelativePath(RealPath(Path.GetFullPath(workspaceRoot)), fullPath).Replace('\\', '/');
    }

    private static bool IsInside(string root, string candidate)
    {
        var full = Path.GetFullPath(candidate);
        return full.Length == root.Length
            ? string.Equals(full, root, StringComparison.Ordinal)
            : full.StartsWith(root, StringComparison.Ordinal) && full[root.Length] == Path.DirectorySeparatorChar;
    }

    // The workspace folder itself may sit behind a link (for example /tmp on some systems): compare real paths.
    private static string RealPath(string path)
    {
        var info = new DirectoryInfo(path);
        return info.LinkTarget is null ? path.TrimEnd(Path.DirectorySeparatorChar) : info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
    }
}
