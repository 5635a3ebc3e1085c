using System.Collections.Generic;

namespace OpenAgent.Core.Mcp;

/// <summary>
/// One MCP server, as configured in the MCP servers file or the <c>OpenAgent:Mcp:Servers</c> section.
/// </summary>
public sealed class McpServerConfig
{
    /// <summary>Gets or sets how to reach the server: <c>stdio</c> (a local process, the default) or <c>http</c> (streamable HTTP).</summary>
    public string Transport { get; set; } = "stdio";

    /// <summary>Gets or sets <c>client</c> (the default: the agent calls the server's tools itself). <c>remote</c> (the
    /// provider calls them) is not supported by this SDK; such servers are skipped with a warning.</summary>
    public string Mode { get; set; } = "client";

    /// <summary>Gets or sets the command that starts a stdio server.</summary>
    public string? Command { get; set; }

    /// <summary>Gets the command's arguments.</summary>
    public IList<string> Args { get; set; } = [];

    /// <summary>Gets the environment variables set for a stdio server (added to the host's own).</summary>
    public IDictionary<string, string> Env { get; set; } = new Dictionary<string, string>();

    /// <summary>Gets or sets the URL of an http server.</summary>
    public string? Url { get; set; }

    /// <summary>Gets the headers sent to an http server.</summary>
    public IDictionary<string, string> Headers { get; set; } = new Dictionary<string, string>();

    /// <summary>Gets or sets a token sent as <c>Authorization: Bearer</c> unless <see cref="Headers"/> already has one.</summary>
    public string? AuthorizationToken { get; set; }

    /// <summary>Gets the names of this server's tools that only read, so they run without approval and in plan mode.
    /// MCP tools are otherwise treated as changing things.</summary>
    public IList<string> ReadOnlyTools { get; set; } = [];

    /// <summary>Gets or sets the folder a stdio server starts in; the host's current folder when empty.</summary>
    public string? WorkingDirectory { get; set; }
}
