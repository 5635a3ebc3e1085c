using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Tools;

namespace OpenAgent.Core.Mcp;

/// <summary>
/// One MCP server tool, offered to the model as <c>mcp__{server}__{tool}</c> with the server's description and input schema.
/// Calls go to the server under the tool's own name.
/// </summary>
public sealed class McpToolHandler : IToolHandler
{
    private readonly McpClientManager _manager;

    internal McpToolHandler(McpClientManager manager, string name, string serverName, string toolName, string description, JsonElement inputSchema, bool isReadOnly)
    {
        _manager = manager;
        Name = name;
        ServerName = serverName;
        ToolName = toolName;
        Description = description;
        InputSchema = inputSchema;
        IsReadOnly = isReadOnly;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Gets the name of the server the tool belongs to.</summary>
    public string ServerName { get; }

    /// <summary>Gets the tool's name on its server.</summary>
    public string ToolName { get; }

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public JsonElement InputSchema { get; }

    /// <inheritdoc />
    /// <remarks>False unless the server's configuration lists the tool in <c>read_only_tools</c>: an MCP tool may change anything.</remarks>
    public bool IsReadOnly { get; }

    /// <inheritdoc />
    public ValueTask<ToolResult> InvokeAsync(ToolCallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _manager.CallAsync(this, context.Arguments, cancellationToken);
    }
}
