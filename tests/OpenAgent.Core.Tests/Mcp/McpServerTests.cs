using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Events;
using OpenAgent.Core.Mcp;
using OpenAgent.Core.Tests.Support;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.Core.Tests.Mcp;

/// <summary>The real npm MCP servers (server-everything, server-filesystem) over stdio, driven through the agent loop.</summary>
public sealed class McpServerTests : IDisposable
{
    private readonly TempWorkspace _config = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _config.Dispose();

    private AgentHarness Harness(object servers, Action<OpenAgentOptions>? options = null)
    {
        var file = _config.Write("mcp_servers.json", JsonSerializer.Serialize(new { servers }));
        return new AgentHarness(
            options: o =>
            {
                o.McpServersFile = file;
                options?.Invoke(o);
            },
            services: s => s.AddFakeLogging());
    }

    private static object Everything => new { command = McpServers.Everything, args = new[] { "stdio" } };

    [Fact]
    public async Task Server_tools_are_offered_as_mcp_tools_listed_in_the_prompt_and_called_through_the_loop()
    {
        await using var h = Harness(new { everything = Everything });
        h.Model.Enqueue(ScriptedTurn.ToolCall("mcp__everything__echo", new { message = "hello over stdio" }))
               .Enqueue(ScriptedTurn.ToolCall("mcp__everything__get-sum", new { a = 2, b = 40 }))
               .Enqueue(ScriptedTurn.ToolCall("mcp__everything__get-tiny-image"))
               .EnqueueText("done");
        await using var session = h.NewSession();

        var result = await session.RunAsync("use the server", h.Sink, Ct);

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        var first = h.Model.Requests[0];
        Assert.Contains("mcp__everything__echo", first.ToolNames);
        Assert.Contains("mcp__everything__trigger-long-running-operation", first.ToolNames);
        Assert.Contains("# MCP tools", first.SystemPrompt, StringComparison.Ordinal);
        Assert.Contains("- mcp__everything__echo: Echoes back the input string", first.SystemPrompt, StringComparison.Ordinal);
        var echoSchema = ((Microsoft.Extensions.AI.AIFunctionDeclaration)first.Tools.Single(t => t.Name == "mcp__everything__echo")).JsonSchema;
        Assert.Equal("string", echoSchema.GetProperty("properties").GetProperty("message").GetProperty("type").GetString());

        var results = h.Sink.OfType<ToolResultEvent>().Select(r => r.Result).ToList();
        Assert.Equal("Echo: hello over stdio", results[0]);
        Assert.Contains("42", results[1], StringComparison.Ordinal);
        Assert.Contains("[image: image/png]", results[2], StringComparison.Ordinal);
        var status = Assert.Single(h.Services.GetRequiredService<McpClientManager>().Servers);
        Assert.True(status.IsConnected);
        Assert.Equal(13, status.ToolCount);
    }

    [Fact]
    public async Task MCP_tools_are_not_read_only_so_approval_applies_unless_the_config_marks_them()
    {
        await using var h = Harness(new { everything = new { command = McpServers.Everything, args = new[] { "stdio" }, read_only_tools = new[] { "get-sum" } } });
        await using var session = h.NewSession();

        await session.LoadToolSourcesAsync(Ct);

        Assert.True(session.Tools.TryGet("mcp__everything__echo", out var echo));
        Assert.False(echo.IsReadOnly);
        Assert.True(session.Tools.TryGet("mcp__everything__get-sum", out var sum));
        Assert.True(sum.IsReadOnly);
    }

    [Fact]
    public async Task The_filesystem_server_lists_the_workspace_through_the_loop()
    {
        await using var h = Harness(new { fs = new { command = McpServers.Filesystem, args = new[] { "${OPENAGENT_TEST_FS_ROOT}" } } });
        Environment.SetEnvironmentVariable("OPENAGENT_TEST_FS_ROOT", h.Workspace.Path);
        try
        {
            h.Workspace.Write("notes/todo.md", "- ship it");
            h.Model.Enqueue(ScriptedTurn.ToolCall("mcp__fs__list_directory", new { path = h.Workspace.Path }))
                   .Enqueue(ScriptedTurn.ToolCall("mcp__fs__read_text_file", new { path = Path.Combine(h.Workspace.Path, "notes", "todo.md") }))
                   .Enqueue(ScriptedTurn.ToolCall("mcp__fs__read_text_file", new { path = "/etc/passwd" }))
                   .EnqueueText("listed");
            await using var session = h.NewSession();

            await session.RunAsync("what is here?", h.Sink, Ct);

            var results = h.Sink.OfType<ToolResultEvent>().Select(r => r.Result).ToList();
            Assert.Contains("[DIR] notes", results[0], StringComparison.Ordinal);
            Assert.Equal("- ship it", results[1]);
            Assert.StartsWith("Error: MCP tool error:", results[2], StringComparison.Ordinal);
            Assert.Contains("outside allowed directories", results[2], StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("OPENAGENT_TEST_FS_ROOT", null);
        }
    }

    [Fact]
    public async Task A_server_that_exits_mid_session_is_started_again_by_the_next_call()
    {
        await using var h = Harness(new { everything = Everything });
        h.Model.Enqueue(ScriptedTurn.ToolCall("mcp__everything__echo", new { message = "before" })).EnqueueText("ok")
               .Enqueue(ScriptedTurn.ToolCall("mcp__everything__echo", new { message = "after" })).EnqueueText("ok");
        await using var session = h.NewSession();
        await session.RunAsync("first", h.Sink, Ct);
        var manager = h.Services.GetRequiredService<McpClientManager>();
        var before = McpServers.ChildProcesses("mcp-server-everything");
        var pid = Assert.Single(before);

        System.Diagnostics.Process.GetProcessById(pid).Kill();
        await TestHelpers.WaitUntilAsync(() => !manager.Servers[0].IsConnected, Ct);
        await session.RunAsync("second", h.Sink, Ct);

        Assert.Equal(["Echo: before", "Echo: after"], h.Sink.OfType<ToolResultEvent>().Select(r => r.Result));
        var restarted = Assert.Single(McpServers.ChildProcesses("mcp-server-everything"));
        Assert.NotEqual(pid, restarted);
        Assert.Contains(h.Services.GetFakeLogCollector().GetSnapshot(), r => r.Message.Contains("starting it again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_server_whose_command_does_not_exist_is_skipped_with_a_clear_error_and_the_others_work()
    {
        await using var h = Harness(new
        {
            broken = new { command = "/nonexistent/openagent-no-such-server" },
            everything = Everything,
        });
        h.Model.Enqueue(ScriptedTurn.ToolCall("mcp__everything__echo", new { message = "still here" })).EnqueueText("ok");
        await using var session = h.NewSession();

        var result = await session.RunAsync("go", h.Sink, Ct);

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        Assert.Equal("Echo: still here", h.Sink.OfType<ToolResultEvent>().Single().Result);
        var servers = h.Services.GetRequiredService<McpClientManager>().Servers;
        var broken = servers.Single(s => s.Name == "broken");
        Assert.False(broken.IsConnected);
        Assert.Contains("could not run '/nonexistent/openagent-no-such-server'", broken.Error, StringComparison.Ordinal);
        var warning = h.Services.GetFakeLogCollector().GetSnapshot().Single(r => r.Level == LogLevel.Warning && r.Category == typeof(McpClientManager).FullName);
        Assert.Contains("MCP server broken could not be started and is skipped", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(session.Tools.Tools, t => t.Name.StartsWith("mcp__broken__", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_call_that_outlives_its_timeout_becomes_a_tool_error_and_the_run_goes_on()
    {
        await using var h = Harness(new { everything = Everything }, o => o.McpCallTimeout = TimeSpan.FromSeconds(1));
        h.Model.Enqueue(ScriptedTurn.ToolCall("mcp__everything__trigger-long-running-operation", new { duration = 30, steps = 3 }))
               .Enqueue(ScriptedTurn.ToolCall("mcp__everything__echo", new { message = "next" }))
               .EnqueueText("ok");
        await using var session = h.NewSession();

        var result = await session.RunAsync("go", h.Sink, Ct);

        Assert.Equal(AgentRunStatus.Completed, result.Status);
        var results = h.Sink.OfType<ToolResultEvent>().Select(r => r.Result).ToList();
        Assert.Equal("Error: MCP tool error: 'trigger-long-running-operation' on server 'everything' did not answer within 1 s.", results[0]);
        Assert.Equal("Echo: next", results[1]);
    }

    [Fact]
    public async Task Disposing_the_host_stops_every_server_process()
    {
        int pid;
        await using (var h = Harness(new { everything = Everything }))
        {
            await using var session = h.NewSession();
            await session.LoadToolSourcesAsync(Ct);
            pid = Assert.Single(McpServers.ChildProcesses("mcp-server-everything"));
            Assert.True(TestHelpers.IsAlive(pid));
        }

        await TestHelpers.WaitUntilAsync(() => !TestHelpers.IsAlive(pid), Ct);
    }
}
