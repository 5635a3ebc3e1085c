using System;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelContextProtocol.Protocol;
using OpenAgent.Core.Agents;
using OpenAgent.Core.DependencyInjection;
using OpenAgent.Core.Mcp;
using OpenAgent.Core.Tools;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Serves the agent's tools to other MCP hosts.
/// </summary>
public static class OpenAgentMcpServerBuilderExtensions
{
    /// <summary>
    /// Registers an MCP server whose tools are this agent's registered tools (built-in and your own), run exactly as the
    /// agent runs them in <c>WorkspaceDir</c>. Add a transport to the returned builder: <c>.WithStdioServerTransport()</c>
    /// for a process other hosts start, or <c>.WithHttpTransport()</c> plus <c>app.MapMcp()</c> (ModelContextProtocol.AspNetCore)
    /// for streamable HTTP.
    /// </summary>
    /// <param name="builder">The OpenAgent builder.</param>
    /// <param name="include">Which tools to serve; see <see cref="OpenAgentMcpToolHost"/> for the default.</param>
    /// <returns>The MCP server builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static IMcpServerBuilder AsMcpServer(this IOpenAgentBuilder builder, Func<IToolHandler, bool>? include = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(provider => new OpenAgentMcpToolHost(provider.GetRequiredService<AgentSessionFactory>(), include));
        return builder.Services
            .AddMcpServer(options => options.ServerInfo = new Implementation
            {
                Name = "openagent",
                Version = typeof(OpenAgentMcpToolHost).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
            })
            .WithListToolsHandler(static (request, cancellationToken) =>
                request.Services!.GetRequiredService<OpenAgentMcpToolHost>().ListToolsAsync(cancellationToken))
            .WithCallToolHandler(static (request, cancellationToken) =>
                request.Services!.GetRequiredService<OpenAgentMcpToolHost>().CallToolAsync(request.Params!, cancellationToken));
    }
}
