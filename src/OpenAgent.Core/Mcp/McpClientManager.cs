using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using OpenAgent.Core.Tools;

namespace OpenAgent.Core.Mcp;

/// <summary>
/// Connects to the configured MCP servers and offers their tools to every session (an <see cref="IToolSource"/>).
/// </summary>
/// <remarks>
/// <para>Servers start the first time a session needs tools, in parallel, each within <c>McpConnectTimeout</c>. A server
/// that fails to start is logged and skipped (the agent runs without it) and tried again for a later session once
/// <c>McpRetryInterval</c> has passed. A server process that exits is started again by the next call to one of its
/// tools. Each call has <c>McpCallTimeout</c>; errors from the server, a timeout, or a broken connection become tool
/// errors the model reads.</para>
/// <para>It is a singleton: disposing the service provider (the host) stops every server process.</para>
/// </remarks>
public sealed partial class McpClientManager : IToolSource, IAsyncDisposable, IDisposable
{
    private const int MaxToolNameLength = 64;

    private readonly OpenAgentOptions _options;
    private readonly IConfiguration? _configuration;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private List<Connection>? _connections;
    private bool _disposed;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">The SDK options (<c>McpServersFile</c> and the MCP timeouts).</param>
    /// <param name="configuration">The host's configuration, for the <c>OpenAgent:Mcp:Servers</c> section; optional.</param>
    /// <param name="timeProvider">The clock for retry intervals and timeouts.</param>
    /// <param name="loggerFactory">Where servers' start-up, failures and restarts are logged.</param>
    public McpClientManager(IOptions<OpenAgentOptions> options, IConfiguration? configuration = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _configuration = configuration;
        _time = timeProvider ?? TimeProvider.System;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<McpClientManager>();
    }

    /// <summary>Gets the state of each configured server, in configuration order (empty until the first session asked for tools).</summary>
    public IReadOnlyList<McpServerStatus> Servers =>
        _connections is { } connections ? [.. connections.Select(c => c.Status)] : [];

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<IToolHandler>> GetToolsAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connections = await GetConnectionsAsync(cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(connections.Select(c => c.EnsureStartedAsync(retryFailed: true, cancellationToken).AsTask())).ConfigureAwait(false);
        return [.. connections.SelectMany(c => c.Tools)];
    }

    internal async ValueTask<ToolResult> CallAsync(McpToolHandler tool, JsonElement arguments, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = (await GetConnectionsAsync(cancellationToken).ConfigureAwait(false)).First(c => c.Name == tool.ServerName);
        var client = await connection.EnsureStartedAsync(retryFailed: true, cancellationToken).ConfigureAwait(false);
        if (client is null)
        {
            return ToolResult.Error($"MCP tool error: the server '{tool.ServerName}' is not available ({connection.Status.Error}).");
        }

        var args = arguments.ValueKind == JsonValueKind.Object
            ? arguments.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal)
            : new Dictionary<string, object?>();
        using var timeout = new CancellationTokenSource(_options.McpCallTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            var result = await client.CallToolAsync(tool.ToolName, args, cancellationToken: linked.Token).ConfigureAwait(false);
            var text = RenderContent(result.Content);
            return result.IsError == true ? ToolResult.Error("MCP tool error: " + text) : ToolResult.Success(text);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return ToolResult.Error(
                $"MCP tool error: '{tool.ToolName}' on server '{tool.ServerName}' did not answer within {_options.McpCallTimeout.TotalSeconds:0} s.");
        }
        catch (McpException ex)
        {
            return ToolResult.Error("MCP tool error: " + ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The connection is broken (the process died, the socket closed): start afresh on the next call.
            LogCallFailed(_logger, tool.ServerName, tool.ToolName, ex.Message);
            await connection.ResetAsync().ConfigureAwait(false);
            return ToolResult.Error($"MCP tool error: the call to '{tool.ToolName}' on server '{tool.ServerName}' failed: {ex.Message}");
        }
    }

    /// <summary>Stops every server process and closes every connection.</summary>
    /// <returns>A task that completes when all are stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_connections is { } connections)
        {
            await Task.WhenAll(connections.Select(c => c.ResetAsync().AsTask())).ConfigureAwait(false);
            foreach (var connection in connections)
            {
                connection.Dispose();
            }
        }

        _loadGate.Dispose();
    }

    /// <summary>Stops every server process and closes every connection, blocking until done.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>A tool's name for the model: <c>mcp__{server}__{tool}</c>, made of letters, digits, <c>_</c> and <c>-</c>, at most
    /// 64 characters (a long name is shortened and given a hash, so two never collide).</summary>
    /// <param name="server">The server's name.</param>
    /// <param name="tool">The tool's name on the server.</param>
    /// <returns>The name.</returns>
    public static string ToolNameFor(string server, string tool)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(tool);

        // "__" separates the parts, so it may not occur inside the server's name.
        var serverPart = DoubleUnderscore().Replace(Unsafe().Replace(server, "_"), "_");
        var name = $"mcp__{serverPart}__{Unsafe().Replace(tool, "_")}";
        if (name.Length <= MaxToolNameLength)
        {
            return name;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(server + "\0" + tool)))[..8];
        return name[..(MaxToolNameLength - 9)] + "_" + hash;
    }

    internal static string RenderContent(IList<ContentBlock>? content)
    {
        if (content is null || content.Count == 0)
        {
            return "(empty result)";
        }

        var parts = new List<string>(content.Count);
        foreach (var block in content)
        {
            parts.Add(block switch
            {
                TextContentBlock text => text.Text,
                ImageContentBlock image => $"[image: {image.MimeType}]",
                AudioContentBlock audio => $"[audio: {audio.MimeType}]",
                EmbeddedResourceBlock { Resource: TextResourceContents resource } => resource.Text,
                EmbeddedResourceBlock { Resource: { } resource } => $"[resource: {resource.Uri}]",
                ResourceLinkBlock link => $"[resource link: {link.Uri}]",
                _ => $"[{block.Type}]",
            });
        }

        return string.Join("\n", parts);
    }

    private async ValueTask<List<Connection>> GetConnectionsAsync(CancellationToken cancellationToken)
    {
        if (_connections is { } ready)
        {
            return ready;
        }

        await _loadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _connections ??= LoadConfiguration();
        }
        finally
        {
            _loadGate.Release();
        }
    }

    private List<Connection> LoadConfiguration()
    {
        var servers = new Dictionary<string, McpServerConfig>(StringComparer.Ordinal);
        try
        {
            foreach (var (name, server) in McpConfiguration.Load(_options.McpServersFile))
            {
                servers[name] = server;
            }
        }
        catch (FormatException ex)
        {
            LogBadFile(_logger, ex.Message);
        }

        if (_configuration is not null)
        {
            foreach (var (name, server) in McpConfiguration.FromConfiguration(_configuration))
            {
                servers[name] = server;
            }
        }

        var connections = new List<Connection>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, server) in servers)
        {
            if (!string.Equals(server.Mode, "client", StringComparison.OrdinalIgnoreCase))
            {
                LogRemoteUnsupported(_logger, name, server.Mode);
                continue;
            }

            connections.Add(new Connection(this, name, server, names));
        }

        return connections;
    }

    [GeneratedRegex("[^A-Za-z0-9_-]", RegexOptions.CultureInvariant)]
    private static partial Regex Unsafe();

    [GeneratedRegex("_{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex DoubleUnderscore();

    [LoggerMessage(EventId = 800, Level = LogLevel.Information, Message = "MCP server {Server} connected with {ToolCount} tool(s).")]
    private static partial void LogConnected(ILogger logger, string server, int toolCount);

    [LoggerMessage(EventId = 801, Level = LogLevel.Warning, Message = "MCP server {Server} could not be started and is skipped: {Error}")]
    private static partial void LogStartFailed(ILogger logger, string server, string error);

    [LoggerMessage(EventId = 802, Level = LogLevel.Warning, Message = "MCP servers file skipped: {Error}")]
    private static partial void LogBadFile(ILogger logger, string error);

    [LoggerMessage(EventId = 803, Level = LogLevel.Warning, Message = "MCP server {Server} has mode '{Mode}', which this SDK does not support (only 'client'); it is skipped.")]
    private static partial void LogRemoteUnsupported(ILogger logger, string server, string mode);

    [LoggerMessage(EventId = 804, Level = LogLevel.Warning, Message = "MCP call {Tool} on server {Server} failed; the server will be restarted on the next call: {Error}")]
    private static partial void LogCallFailed(ILogger logger, string server, string tool, string error);

    [LoggerMessage(EventId = 805, Level = LogLevel.Information, Message = "MCP server {Server} had stopped; starting it again.")]
    private static partial void LogRestarting(ILogger logger, string server);
}
