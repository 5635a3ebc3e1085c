using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ModelContextProtocol.Client;

namespace OpenAgent.Core.Mcp;

/// <summary>The per-server half of <see cref="McpClientManager"/>: starting, restarting and closing one server.</summary>
public sealed partial class McpClientManager
{
    /// <summary>One server: its client while connected, its tools, and why it last failed.</summary>
    private sealed class Connection(McpClientManager owner, string name, McpServerConfig config, HashSet<string> takenNames) : IDisposable
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private McpClient? _client;
        private DateTimeOffset? _failedAt;
        private string? _error;
        private bool _everConnected;

        public string Name { get; } = name;

        public List<McpToolHandler> Tools { get; } = [];

        public McpServerStatus Status => new(Name, config.Transport, _client is { Completion.IsCompleted: false }, Tools.Count, _error);

        public async ValueTask<McpClient?> EnsureStartedAsync(bool retryFailed, CancellationToken cancellationToken)
        {
            if (_client is { Completion.IsCompleted: false } live)
            {
                return live;
            }

            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_client is { Completion.IsCompleted: false } current)
                {
                    return current;
                }

                if (_failedAt is { } failed && (!retryFailed || owner._time.GetUtcNow() - failed < owner._options.McpRetryInterval))
                {
                    return null;
                }

                if (_client is not null)
                {
                    LogRestarting(owner._logger, Name);
                    await DisposeClientAsync().ConfigureAwait(false);
                }

                using var timeout = new CancellationTokenSource(owner._options.McpConnectTimeout, owner._time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
                McpClient? client = null;
                try
                {
                    client = await McpClient.CreateAsync(CreateTransport(), new McpClientOptions(), owner._loggerFactory, linked.Token).ConfigureAwait(false);
                    var tools = await client.ListToolsAsync(cancellationToken: linked.Token).ConfigureAwait(false);
                    if (!_everConnected)
                    {
                        AddTools(tools);
                        _everConnected = true;
                        LogConnected(owner._logger, Name, tools.Count);
                    }

                    _client = client;
                    _failedAt = null;
                    _error = null;
                    return client;
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    if (client is not null)
                    {
                        await client.DisposeAsync().ConfigureAwait(false);
                    }

                    _failedAt = owner._time.GetUtcNow();
                    _error = timeout.IsCancellationRequested
                        ? $"it did not start within {owner._options.McpConnectTimeout.TotalSeconds:0} s"
                        : Describe(ex);
                    LogStartFailed(owner._logger, Name, _error);
                    return null;
                }
            }
            finally
            {
                _gate.Release();
            }
        }

        public void Dispose() => _gate.Dispose();

        public async ValueTask ResetAsync()
        {
            await _gate.WaitAsync().ConfigureAwait(false);
            try
            {
                await DisposeClientAsync().ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }
        }

        private async ValueTask DisposeClientAsync()
        {
            if (_client is { } client)
            {
                _client = null;
                try
                {
                    await client.DisposeAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // A server that is already gone cannot be closed politely; nothing is left to release.
                }
            }
        }

        private void AddTools(IList<McpClientTool> tools)
        {
            var readOnly = new HashSet<string>(config.ReadOnlyTools, StringComparer.Ordinal);
            lock (takenNames)
            {
                foreach (var tool in tools)
                {
                    var name = ToolNameFor(Name, tool.Name);
                    for (var i = 2; !takenNames.Add(name); i++)
                    {
                        name = ToolNameFor(Name, $"{tool.Name}_{i}");
                    }

                    Tools.Add(new McpToolHandler(owner, name, Name, tool.Name, tool.Description ?? string.Empty,
                        tool.ProtocolTool.InputSchema, readOnly.Contains(tool.Name)));
                }
            }
        }

        private IClientTransport CreateTransport()
        {
            if (string.Equals(config.Transport, "http", StringComparison.OrdinalIgnoreCase))
            {
                if (!Uri.TryCreate(config.Url, UriKind.Absolute, out var url))
                {
                    throw new InvalidOperationException($"the http transport needs a 'url' (got '{config.Url}')");
                }

                var headers = new Dictionary<string, string>(config.Headers, StringComparer.OrdinalIgnoreCase);
                if (!string.IsNullOrEmpty(config.AuthorizationToken) && !headers.ContainsKey("Authorization"))
                {
                    headers["Authorization"] = "Bearer " + config.AuthorizationToken;
                }

                return new HttpClientTransport(new HttpClientTransportOptions { Endpoint = url, Name = Name, AdditionalHeaders = headers }, owner._loggerFactory);
            }

            if (!string.Equals(config.Transport, "stdio", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"unknown transport '{config.Transport}' (use stdio or http)");
            }

            if (string.IsNullOrWhiteSpace(config.Command))
            {
                throw new InvalidOperationException("the stdio transport needs a 'command'");
            }

            return new StdioClientTransport(new StdioClientTransportOptions
            {
                Name = Name,
                Command = config.Command,
                Arguments = [.. config.Args],
                EnvironmentVariables = config.Env.ToDictionary(p => p.Key, p => (string?)p.Value),
                WorkingDirectory = string.IsNullOrEmpty(config.WorkingDirectory) ? null : config.WorkingDirectory,
            }, owner._loggerFactory);
        }

        private string Describe(Exception ex)
        {
            var message = Agents.AgentLoop.Describe(ex);
            return config.Command is { } command && string.Equals(config.Transport, "stdio", StringComparison.OrdinalIgnoreCase)
                ? $"could not run '{command}': {message}"
                : message;
        }
    }
}
