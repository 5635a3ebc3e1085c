using System.Text.Json;

namespace OpenAgent.Core.Agents;

/// <summary>
/// One tool call awaiting the user's decision.
/// </summary>
/// <param name="Session">The session asking.</param>
/// <param name="CallId">The provider's id of the call.</param>
/// <param name="ToolName">The tool's name.</param>
/// <param name="Arguments">The call's arguments.</param>
public sealed record ToolApprovalRequest(AgentSession Session, string CallId, string ToolName, JsonElement Arguments);
