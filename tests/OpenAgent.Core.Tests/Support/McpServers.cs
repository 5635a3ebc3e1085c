using System;
using System.Collections.Generic;
using System.IO;

namespace OpenAgent.Core.Tests.Support;

/// <summary>The real npm MCP servers that .ci/run installs into tests/mcp-servers (npm ci), and the processes they run as.</summary>
public static class McpServers
{
    private static readonly Lazy<string> Bin = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var bin = Path.Combine(dir.FullName, "tests", "mcp-servers", "node_modules", ".bin");
            if (Directory.Exists(bin))
            {
                return bin;
            }
        }

        throw new InvalidOperationException(
            "The npm MCP servers are not installed: run `npm ci --prefix tests/mcp-servers` (.ci/run does).");
    });

    public static string Everything => Path.Combine(Bin.Value, "mcp-server-everything");

    public static string Filesystem => Path.Combine(Bin.Value, "mcp-server-filesystem");

    /// <summary>The ids of this process's child processes whose command line contains <paramref name="text"/>.</summary>
    public static IReadOnlyList<int> ChildProcesses(string text)
    {
        var me = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var parent = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1];
                var commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (parent == me && commandLine.Contains(text, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return found;
    }
}
