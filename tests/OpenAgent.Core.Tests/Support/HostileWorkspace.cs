using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Xunit;

namespace OpenAgent.Core.Tests.Support;

/// <summary>
/// A workspace next to a sentinel folder, with links that point out of it, a FIFO, a binary file and a file whose
/// name is not valid UTF-8. It lives under /var/tmp rather than /tmp so that a sandboxed shell (which gets a private
/// /tmp) sees the real sentinel, read-only.
/// </summary>
public sealed class HostileWorkspace : IDisposable
{
    public HostileWorkspace()
    {
        Root = Path.Combine(OutsideTmp, "hostile-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Sentinel);
        Directory.CreateDirectory(Path.Combine(Workspace, "sub"));
        File.WriteAllText(Path.Combine(Sentinel, "secret.txt"), "top secret");
        File.WriteAllText(Path.Combine(Workspace, "notes.txt"), "line 1\nline 2\nline 3\nline 4\nline 5\n");
        File.WriteAllText(Path.Combine(Workspace, "sub", "inner.txt"), "inside");
        File.WriteAllBytes(Path.Combine(Workspace, "binary.bin"), [0x89, 0x50, 0x4E, 0x47, 0x00, 0x01]);
        Directory.CreateSymbolicLink(Path.Combine(Workspace, "out_dir"), Sentinel);
        File.CreateSymbolicLink(Path.Combine(Workspace, "out_file"), Path.Combine(Sentinel, "secret.txt"));
        File.CreateSymbolicLink(Path.Combine(Workspace, "out_relative"), "../sentinel/secret.txt");
        Directory.CreateSymbolicLink(Path.Combine(Workspace, "in_link"), Path.Combine(Workspace, "sub"));
        Directory.CreateSymbolicLink(Path.Combine(Workspace, "abs_link"), "/etc");
        File.CreateSymbolicLink(Path.Combine(Workspace, "chain2"), "out_dir");
        File.CreateSymbolicLink(Path.Combine(Workspace, "chain1"), "chain2");
        File.CreateSymbolicLink(Path.Combine(Workspace, "broken_out"), "../sentinel/created-through-link.txt");
        File.CreateSymbolicLink(Path.Combine(Workspace, "dev"), "/dev/zero");
        Run("mkfifo", "pipe");
        Run("/bin/bash", "-c", "printf 'latin-1 name' > $'caf\\xe9.txt'");
    }

    /// <summary>A writable folder that a sandboxed shell sees read-only (its /tmp is private).</summary>
    public static string OutsideTmp { get; } = Path.Combine("/var/tmp", "openagent-tests");

    public string Root { get; }

    public string Workspace => Path.Combine(Root, "ws");

    public string Sentinel => Path.Combine(Root, "sentinel");

    public void AssertSentinelUntouched()
    {
        Assert.Equal(["secret.txt"], Directory.GetFiles(Sentinel).Select(Path.GetFileName));
        Assert.Equal("top secret", File.ReadAllText(Path.Combine(Sentinel, "secret.txt")));
        Assert.Equal("line 1\nline 2\nline 3\nline 4\nline 5\n", File.ReadAllText(Path.Combine(Workspace, "notes.txt")));
    }

    // rm rather than Directory.Delete: .NET cannot name (so cannot delete) the file whose name is not valid UTF-8.
    public void Dispose() => Run("/bin/rm", "-rf", Root);

    private void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = Directory.Exists(Workspace) ? Workspace : "/" };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.WaitForExit();
    }
}
