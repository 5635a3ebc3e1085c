using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Protocol;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Events;
using OpenAgent.Core.Tools;

namespace OpenAgent.Core.Mcp;

/// <summary>
/// Serves the agent's registered tools to MCP clients (see <c>AsMcpServer()</c>). The tools run in one agent session
/// that lives as long as the host, in <c>WorkspaceDir</c>, exactly as they run for the agent: same validation, same
/// workspace limits, same errors.
/// </summary>
public sealed class OpenAgentMcpToolHost : IAsyncDisposable
{
    private static readonly HashSet<string> LoopTools = new(StringComparer.Ordinal) { "enter_plan_mode", "exit_plan_mode", "compact", "task" };

    private readonly AgentSessionFactory _factory;
    private readonly Func<IToolHandler, bool> _include;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AgentSession? _session;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="factory">Makes the session the tools run in.</param>
    /// <param name="include">Which tools to serve; by default every registered tool except the loop's own
    /// (<c>enter_plan_mode</c>, <c>exit_plan_mode</c>, <c>compact</c>, <c>task</c>), tools that are only sometimes
    /// available, and tools that themselves come from MCP servers.</param>
    public OpenAgentMcpToolHost(AgentSessionFactory factory, Func<IToolHandler, bool>? include = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factory = factory;
        _include = include ?? DefaultInclude;
    }

    /// <summary>Lists the served tools.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The MCP tools list.</returns>
    public async ValueTask<ListToolsResult> ListToolsAsync(CancellationToken cancellationToken)
    {
        var session = await GetSessionAsync(cancellationToken).ConfigureAwait(false);
        return new ListToolsResult
        {
            Tools = [.. session.Tools.Tools.Where(_include).Select(t => new Tool
            {
                Name = t.Name,
                Description = t.Description,
                InputSchema = t.InputSchema,
                Annotations = new ToolAnnotations { ReadOnlyHint = t.IsReadOnly },
            })],
        };
    }

    /// <summary>Runs one served tool.</summary>
    /// <param name="request">The call.</param>
    /// <param name="cancellationToken">Cancels the tool.</param>
    /// <returns>The tool's output as one text block; a tool error has <c>isError</c> set.</returns>
    public async ValueTask<CallToolResult> CallToolAsync(CallToolRequestParams request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var session = await GetSessionAsync(cancellationToken).ConfigureAwait(false);
        ToolResult result;
        if (!session.Tools.TryGet(request.Name, out var tool) || !_include(tool))
        {
            result = ToolResult.Error($"Unknown tool '{request.Name}'.");
        }
        else
        {
            var arguments = JsonSerializer.SerializeToElement(
                request.Arguments ?? new Dictionary<string, JsonElement>(), McpJsonContext.Default.IDictionaryStringJsonElement);
            var context = new ToolCallContext(request.Name, "mcp_" + Guid.NewGuid().ToString("N")[..12], arguments, session, AgentEventSink.Null, session.Services);
            result = await session.Tools.InvokeAsync(context, cancellationToken).ConfigureAwait(false);
        }

        // isError says it is an error: the text need not say so again.
        var text = result.IsError && result.Content.StartsWith("Error: ", StringComparison.Ordinal) ? result.Content["Error: ".Length..] : result.Content;
        return new CallToolResult { Content = [new TextContentBlock { Text = text }], IsError = result.IsError };
    }

    /// <summary>Ends the session the tools run in.</summary>
    /// <returns>A task that completes when it has ended.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_session is { } session)
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }

        _gate.Dispose();
    }

    private static bool DefaultInclude(IToolHandler tool) =>
        !LoopTools.Contains(tool.Name) && tool is not IConditionalToolHandler && tool is not McpToolHandler;

    private async ValueTask<AgentSession> GetSessionAsync(CancellationToken cancellationToken)
    {
        if (_session is { } ready)
        {
            return ready;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _session ??= _factory.CreateSession(new AgentSessionOptions { Id = "mcp-server" });
        }
        finally
        {
            _gate.Release();
        }
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(IDictionary<string, JsonElement>))]
internal sealed partial class McpJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
