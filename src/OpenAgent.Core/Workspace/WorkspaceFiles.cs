using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Enumeration;
using OpenAgent.Core.Events;

namespace OpenAgent.Core.Workspace;

/// <summary>
/// Lists the files of a workspace the way the host shows them: recursive, sorted by path, with the agent's state
/// folders (<c>.agent</c>, <c>.transcripts</c>, <c>.tasks</c>, <c>.team</c>) left out.
/// </summary>
public static class WorkspaceFiles
{
    /// <summary>Gets the workspace folders that hold the agent's own state rather than the user's files.</summary>
    public static IReadOnlyList<string> StateFolders { get; } = [".agent", ".transcripts", ".tasks", ".team"];

    // Symbolic links are skipped, never followed: a link must not lead the listing out of the workspace.
    private static readonly EnumerationOptions Options = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = true,
        AttributesToSkip = FileAttributes.ReparsePoint,
    };

    /// <summary>Lists the files under <paramref name="workspacePath"/>.</summary>
    /// <param name="workspacePath">The workspace folder.</param>
    /// <returns>The files, sorted by relative path; empty when the folder is missing or empty.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="workspacePath"/> is <see langword="null"/>.</exception>
    public static IReadOnlyList<WorkspaceFile> List(string workspacePath)
    {
        ArgumentNullException.ThrowIfNull(workspacePath);
        return List(workspacePath, folders: null);
    }

    /// <summary>Lists the files, and records each folder visited with its last-write time read before it was read.</summary>
    internal static List<WorkspaceFile> List(string workspacePath, List<(string Folder, DateTime LastWriteUtc)>? folders)
    {
        var files = new List<WorkspaceFile>();
        var pending = new Stack<(string Folder, string Prefix)>();
        pending.Push((workspacePath, string.Empty));
        while (pending.Count > 0)
        {
            var (folder, prefix) = pending.Pop();
            folders?.Add((folder, Directory.GetLastWriteTimeUtc(folder)));
            FileSystemEnumerable<(string Name, bool IsDirectory)> entries;
            try
            {
                entries = new FileSystemEnumerable<(string, bool)>(
                    folder,
                    static (ref FileSystemEntry entry) => (entry.FileName.ToString(), entry.IsDirectory),
                    Options);
            }
            catch (DirectoryNotFoundException)
            {
                continue;
            }

            foreach (var (name, isDirectory) in entries)
            {
                if (!isDirectory)
                {
                    files.Add(new WorkspaceFile(name, prefix + name));
                }
                else if (prefix.Length > 0 || !IsStateFolder(name))
                {
                    pending.Push((Path.Combine(folder, name), prefix + name + "/"));
                }
            }
        }

        files.Sort(static (a, b) => string.CompareOrdinal(a.Path, b.Path));
        return files;
    }

    private static bool IsStateFolder(string name)
    {
        foreach (var state in StateFolders)
        {
            if (string.Equals(state, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
