using System;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace OpenAgent.Core.Shell;

/// <summary>
/// Kills a command and everything it started. Commands start as the leader of a new session (<c>setsid</c>), so one
/// signal to the process group reaches children that were orphaned or re-parented too.
/// </summary>
internal static partial class ProcessGroup
{
    private const int SigKill = 9;

    /// <summary>Kills the process group <paramref name="leader"/> leads; one that has ended already (ESRCH) is fine.</summary>
    public static void Kill(int leader) => _ = KillGroup(-leader, SigKill);

    public static void Kill(Process process)
    {
        try
        {
            if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
            {
                Kill(process.Id);
            }

            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // The process had already exited.
        }
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int KillGroup(int pid, int signal);
}
