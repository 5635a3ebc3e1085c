using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Teams;

namespace OpenAgent.Core.Tools.BuiltIn.Team;

/// <summary><c>send_message</c> for a teammate: mail to the lead or another teammate, sent under its own name. A
/// <c>plan_approval_request</c> opens a tracked request the lead answers with <c>plan_review</c>.</summary>
internal sealed class TeammateSendMessageTool(TeamManager team, string owner) : IToolHandler
{
    private static readonly JsonElement InputSchemaValue = JsonElement.Parse("""
        {
          "type": "object",
          "properties": {
            "to": { "type": "string", "description": "'lead' or a teammate's name." },
            "content": { "type": "string", "description": "The message, or the plan to approve." },
            "msg_type": { "type": "string", "enum": ["message", "shutdown_response", "plan_approval_request"], "description": "Default 'message'." }
          },
          "required": ["to", "content"]
        }
        """);

    public string Name => "send_message";

    public string Description => "Send a message to the lead or another teammate; use msg_type plan_approval_request to ask the lead to approve a plan.";

    public JsonElement InputSchema => InputSchemaValue;

    public bool IsReadOnly => false;

    public async ValueTask<ToolResult> InvokeAsync(ToolCallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var to = context.GetRequiredString("to");
        var content = context.GetRequiredString("content");
        var type = context.GetString("msg_type") ?? TeamMessageTypes.Message;
        if (to != MessageBus.Lead && team.Get(to) is null)
        {
            return ToolResult.Error($"There is no teammate named '{to}'; send to 'lead' or one of: {string.Join(", ", team.ActiveMemberNames)}.");
        }

        if (type == TeamMessageTypes.PlanApprovalRequest)
        {
            var request = team.Protocols.Create(ProtocolTracker.PlanApproval, owner, content);
            await team.Bus.SendAsync(owner, MessageBus.Lead, content, type, TeamManager.Extra(("request_id", request.Id)), cancellationToken).ConfigureAwait(false);
            return ToolResult.Success($"Plan approval request {request.Id} sent to lead: pending. The answer arrives in your inbox.");
        }

        await team.Bus.SendAsync(owner, to, content, type, null, cancellationToken).ConfigureAwait(false);
        return ToolResult.Success($"Sent {type} to {to}.");
    }
}
