using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Shell;
using OpenAgent.Core.Tests.Support;
using Xunit;

namespace OpenAgent.Core.Tests.Shell;

/// <summary>The bash tool under bubblewrap (.ci/run installs the bubblewrap package).</summary>
public sealed class BashSandboxTests : IAsyncLifetime
{
    // A real folder the host can write to, visible (read-only) inside the sandbox, whose /tmp is private.
    private readonly string _sentinel = Path.Combine(HostileWorkspace.OutsideTmp, "sandbox-sentinel-" + Guid.NewGuid().ToString("N"));
    private AgentHarness _harness = null!;
    private AgentSession _session = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_sentinel);
        File.WriteAllText(Path.Combine(_sentinel, "keep.txt"), "untouched");
        _harness = new AgentHarness(options: o => o.BashSandbox = ShellSandbox.Bubblewrap);
        _session = _harness.NewSession();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _session.DisposeAsync();
        await _harness.DisposeAsync();
        Directory.Delete(_sentinel, recursive: true);
    }

    private async Task<string> Bash(string command) => (await _session.InvokeToolAsync("bash", new { command }, Ct)).Content;

    [Fact]
    public async Task The_workspace_stays_writable()
    {
        var output = await Bash("echo built > out.txt && cat out.txt");

        Assert.Equal("built\n[exit code: 0]", output);
        Assert.Equal("built\n", File.ReadAllText(Path.Combine(_session.WorkspacePath, "out.txt")));
    }

    [Fact]
    public async Task Nothing_outside_the_workspace_can_be_written()
    {
        var output = await Bash($"touch {_sentinel}/pwned.txt; echo changed > {_sentinel}/keep.txt; rm -f {_sentinel}/keep.txt; echo tried");

        Assert.Contains("Read-only file system", output, StringComparison.Ordinal);
        Assert.Equal(["keep.txt"], Directory.GetFiles(_sentinel).Select(Path.GetFileName));
        Assert.Equal("untouched", File.ReadAllText(Path.Combine(_sentinel, "keep.txt")));
    }

    [Fact]
    public async Task No_socket_can_be_opened()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var output = await Bash($"(exec 3<>/dev/tcp/127.0.0.1/{port}) && echo connected || echo no-network");

        Assert.Contains("no-network", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\nconnected", "\n" + output, StringComparison.Ordinal);
        Assert.False(listener.Pending());
    }

    [Fact]
    public async Task Commands_run_in_a_process_namespace_of_their_own()
    {
        var output = await Bash("ls /proc | grep -c '^[0-9]'");

        var visible = int.Parse(output.Split('\n')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(visible, 1, 5);
    }

    [Fact]
    public void Start_up_fails_clearly_when_bubblewrap_is_asked_for_but_missing()
    {
        var validator = new OpenAgentOptionsValidator(() => null);

        var result = validator.Validate(null, new OpenAgentOptions { BashSandbox = ShellSandbox.Bubblewrap });

        Assert.Contains(result.Failures!, f => f.StartsWith("OpenAgent:BashSandbox is Bubblewrap, but 'bwrap' was not found on the PATH", StringComparison.Ordinal));
        Assert.Null(Bubblewrap.FindExecutable("/nonexistent-folder"));
    }
}
