using System;
using System.Collections.Generic;
using System.IO;

namespace OpenAgent.Core.Shell;

/// <summary>
/// Builds the <c>bwrap</c> command line that confines a shell command to its workspace.
/// </summary>
internal static class Bubblewrap
{
    /// <summary>Finds <c>bwrap</c> on the PATH, or returns <see langword="null"/>.</summary>
    public static string? FindExecutable() => FindExecutable(Environment.GetEnvironmentVariable("PATH"));

    /// <summary>Finds <c>bwrap</c> in the folders of <paramref name="path"/>, or returns <see langword="null"/>.</summary>
    public static string? FindExecutable(string? path)
    {
        path ??= "/usr/local/bin:/usr/bin:/bin";
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, "bwrap");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The arguments that run <c>/bin/bash -c script</c> inside the sandbox.</summary>
    public static IEnumerable<string> Arguments(string workspace, string script) =>
    [
        "--ro-bind", "/", "/",
        "--dev", "/dev",
        "--proc", "/proc",
        "--tmpfs", "/tmp",
        "--bind", workspace, workspace,
        "--unshare-net",
        "--unshare-pid",
        "--unshare-ipc",
        "--die-with-parent",
        "--chdir", workspace,
        "/bin/bash", "-c", script,
    ];
}
