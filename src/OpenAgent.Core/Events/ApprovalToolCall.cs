using System.Text.Json;

namespace OpenAgent.Core.Events;

/// <summary>
/// A tool call awaiting approval, as carried by <see cref="ToolApprovalRequestEvent"/>.
/// </summary>
/// <param name="Name">The tool's name.</param>
/// <param name="Input">The call's arguments.</param>
/// <param name="Id">The call id; a host answering the request can use it to match its decision to the call.</param>
public sealed record ApprovalToolCall(string Name, JsonElement Input, string Id);
