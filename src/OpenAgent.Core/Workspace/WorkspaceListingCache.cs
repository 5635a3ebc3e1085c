using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using OpenAgent.Core.Events;

namespace OpenAgent.Core.Workspace;

/// <summary>
/// A session's workspace listing, re-read only when a folder in it changed. A folder's last-write time moves whenever
/// an entry is added, removed or renamed in it, so one <c>stat</c> per folder tells whether the previous listing still
/// holds, instead of reading every folder again.
/// </summary>
/// <remarks>
/// File systems stamp times with a coarse clock, so a change made in the same tick as a folder's last change could
/// leave its time unchanged. As git does for "racily clean" files, a listing is only reused when every folder's time
/// was already <see cref="SettleTime"/> old when it was read; otherwise the next call reads the folders again.
/// </remarks>
internal sealed class WorkspaceListingCache(string workspacePath)
{
    internal static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private readonly List<(string Folder, DateTime LastWriteUtc)> _folders = [];
    private IReadOnlyList<WorkspaceFile>? _files;

    public IReadOnlyList<WorkspaceFile> List()
    {
        lock (_gate)
        {
            if (_files is not null && Unchanged())
            {
                return _files;
            }

            var started = DateTime.UtcNow;
            _folders.Clear();
            var files = WorkspaceFiles.List(workspacePath, _folders);
            _files = AllSettled(started) ? files : null;
            return files;
        }
    }

    private bool Unchanged()
    {
        foreach (var (folder, lastWrite) in _folders)
        {
            if (Directory.GetLastWriteTimeUtc(folder) != lastWrite)
            {
                return false;
            }
        }

        return true;
    }

    private bool AllSettled(DateTime started)
    {
        foreach (var (_, lastWrite) in _folders)
        {
            if (lastWrite > started - SettleTime)
            {
                return false;
            }
        }

        return true;
    }
}
