using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using OpenAgent.Core.Events;
using OpenAgent.Core.Mcp;
using OpenAgent.Core.Tests.Support;
using OpenAgent.Core.Tools;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.Core.Tests.Mcp;

/// <summary>
/// <c>AsMcpServer()</c>: an agent's tools served over streamable HTTP by a real Kestrel host, used by another agent as an
/// MCP server and by the MCP SDK's own client.
/// </summary>
public sealed class McpServerExposureTests : IAsyncDisposable
{
    private const string Token = "test-token-0123456789";

    private readonly TempWorkspace _serverWorkspace = new();
    private readonly TempWorkspace _config = new();
    private WebApplication? _app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _serverWorkspace.Dispose();
        _config.Dispose();
    }

    private async Task<string> StartServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddChatClient(new ScriptedChatClient());
        builder.Services.AddOpenAgent(o => o.WorkspaceDir = _serverWorkspace.Path)
            .AddTool(DelegateTool.Returning("lookup_order", "order 42: shipped", isReadOnly: true))
            .AddTool(new DelegateTool("refund", (_, _) => ValueTask.FromResult(ToolResult.Error("refunds are closed today"))))
            .AsMcpServer()
            .WithHttpTransport();
        _app = builder.Build();
        _app.Use(async (context, next) =>
        {
            if (context.Request.Headers.Authorization != $"Bearer {Token}")
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            await next(context);
        });
        _app.MapMcp("/mcp");
        await _app.StartAsync(Ct);
        return _app.Urls.First() + "/mcp";
    }

    [Fact]
    public async Task Another_agent_uses_the_served_tools_over_streamable_HTTP_with_its_bearer_token()
    {
        var url = await StartServerAsync();
        var file = _config.Write("mcp_servers.json", JsonSerializer.Serialize(new
        {
            servers = new { shop = new { transport = "http", url, authorization_token = Token } },
        }));
        await using var h = new AgentHarness(options: o => o.McpServersFile = file);
        h.Model.Enqueue(ScriptedTurn.ToolCall("mcp__shop__lookup_order", new { }))
               .Enqueue(ScriptedTurn.ToolCall("mcp__shop__write_file", new { path = "from-client.txt", content = "written over MCP" }))
               .Enqueue(ScriptedTurn.ToolCall("mcp__shop__refund", new { }))
               .Enqueue(ScriptedTurn.ToolCall("mcp__shop__read_file", new { path = "../outside.txt" }))
               .EnqueueText("done");
        await using var session = h.NewSession();

        await session.RunAsync("use the shop", h.Sink, Ct);

        var offered = h.Model.Requests[0].ToolNames;
        Assert.Contains("mcp__shop__lookup_order", offered);
        Assert.Contains("mcp__shop__bash", offered);
        Assert.DoesNotContain("mcp__shop__exit_plan_mode", offered);
        Assert.DoesNotContain("mcp__shop__task", offered);
        var results = h.Sink.OfType<ToolResultEvent>().Select(r => r.Result).ToList();
        Assert.Equal("order 42: shipped", results[0]);
        Assert.Equal("written over MCP", await File.ReadAllTextAsync(Path.Combine(_serverWorkspace.Path, "from-client.txt"), Ct));
        Assert.Equal("Error: MCP tool error: refunds are closed today", results[2]);
        Assert.StartsWith("Error: MCP tool error:", results[3], StringComparison.Ordinal);
        Assert.Contains("escapes workspace", results[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_MCP_SDK_client_sees_schemas_and_read_only_hints_and_a_wrong_token_is_refused()
    {
        var url = await StartServerAsync();
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(url),
            AdditionalHeaders = new System.Collections.Generic.Dictionary<string, string> { ["Authorization"] = $"Bearer {Token}" },
        });
        await using var client = await McpClient.CreateAsync(transport, cancellationToken: Ct);

        var tools = await client.ListToolsAsync(cancellationToken: Ct);

        var readFile = tools.Single(t => t.Name == "read_file");
        Assert.Equal("string", readFile.JsonSchema.GetProperty("properties").GetProperty("path").GetProperty("type").GetString());
        Assert.True(readFile.ProtocolTool.Annotations?.ReadOnlyHint);
        Assert.False(tools.Single(t => t.Name == "bash").ProtocolTool.Annotations?.ReadOnlyHint);

        var file = _config.Write("mcp_servers.json", JsonSerializer.Serialize(new
        {
            servers = new { shop = new { transport = "http", url, authorization_token = "wrong-token-value" } },
        }));
        await using var h = new AgentHarness(options: o => o.McpServersFile = file);
        await using var session = h.NewSession();
        await session.LoadToolSourcesAsync(Ct);

        Assert.DoesNotContain(session.Tools.Tools, t => t.Name.StartsWith("mcp__", StringComparison.Ordinal));
        var status = Assert.Single(h.Services.GetRequiredService<McpClientManager>().Servers);
        Assert.Contains("401", status.Error, StringComparison.Ordinal);
    }
}
