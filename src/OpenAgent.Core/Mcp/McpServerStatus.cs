namespace OpenAgent.Core.Mcp;

/// <summary>The state of one configured MCP server.</summary>
/// <param name="Name">The server's name.</param>
/// <param name="Transport"><c>stdio</c> or <c>http</c>.</param>
/// <param name="IsConnected">Whether it is connected now.</param>
/// <param name="ToolCount">How many tools it offers.</param>
/// <param name="Error">Why it last failed to start, if it did.</param>
public sealed record McpServerStatus(string Name, string Transport, bool IsConnected, int ToolCount, string? Error);
