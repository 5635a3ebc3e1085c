namespace OpenAgent.Core.Shell;

/// <summary>
/// How shell commands are isolated from the machine they run on.
/// </summary>
public enum ShellSandbox
{
    /// <summary>No isolation beyond the command policy, the environment scrub and the process-group kill.</summary>
    None = 0,

    /// <summary>
    /// Commands run under bubblewrap (<c>bwrap</c>, Debian package <c>bubblewrap</c>): the workspace is writable, the rest
    /// of the file system read-only, <c>/tmp</c> private, no network, and a PID namespace of their own.
    /// </summary>
    Bubblewrap = 1,
}
