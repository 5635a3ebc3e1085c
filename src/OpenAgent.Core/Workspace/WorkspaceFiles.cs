using System;
using System.Collections.Generic;
using System.IO;
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

    /// <summary>Lists the files under <paramref name="workspacePath"/>.</summary>
    /// <param name="workspacePath">The workspace folder.</param>
    /// <returns>The files, sorted by relative path; empty when the folder is missing or empty.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="workspacePath"/> is <see langword="null"/>.</exception>
    public static IReadOnlyList<WorkspaceFile> List(string workspacePath)
    {
        ArgumentNullException.ThrowIfNull(workspacePath);
        var root = new DirectoryInfo(workspacePath);
        if (!root.Exists)
        {
            return [];
        }

        var files = new List<WorkspaceFile>();
        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        var pending = new Stack<(DirectoryInfo Folder, string Prefix)>();
        pending.Push((root, string.Empty));
        while (pending.Count > 0)
        {
            var (folder, prefix) = pending.Pop();
            foreach (var entry in folder.EnumerateFileSystemInfos("*", options))
            {
                if (entry is DirectoryInfo directory)
                {
                    if (prefix.Length == 0 && IsStateFolder(directory.Name))
                    {
                        continue;
                    }

                    pending.Push((directory, prefix + directory.Name + "/"));
                }
                else
                {
                    files.Add(new WorkspaceFile(entry.Name, prefix + entry.Name));
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
