using System;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Events;
using OpenAgent.Core.Tools;
using Xunit;

namespace OpenAgent.Core.Tests.Support;

/// <summary>Helpers shared by tests that call tools directly and watch real processes.</summary>
public static class TestHelpers
{
    /// <summary>Calls a tool of <paramref name="session"/> as the loop would, with <paramref name="arguments"/> as JSON.</summary>
    public static async Task<ToolResult> InvokeToolAsync(this AgentSession session, string tool, object arguments, CancellationToken cancellationToken)
    {
        var json = arguments as JsonElement? ?? JsonSerializer.SerializeToElement(arguments);
        var context = new ToolCallContext(tool, "c1", json, session, AgentEventSink.Null, session.Services);
        return await session.Tools.InvokeAsync(context, cancellationToken);
    }

    /// <summary>Polls until <paramref name="condition"/> holds (at most 5 s), then asserts it.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25, cancellationToken);
        }

        Assert.True(condition());
    }

    /// <summary>Whether a process is running (a zombie waiting to be reaped counts as gone).</summary>
    public static bool IsAlive(int pid) =>
        Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);

    /// <summary>Reads a pid a command wrote into a file of the workspace, waiting for the complete line.</summary>
    public static async Task<int> ReadPidAsync(string file, CancellationToken cancellationToken)
    {
        await WaitUntilAsync(() => File.Exists(file) && File.ReadAllText(file).EndsWith('\n'), cancellationToken);
        return int.Parse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture);
    }
}
