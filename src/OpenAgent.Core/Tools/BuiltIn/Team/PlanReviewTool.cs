using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Teams;

namespace OpenAgent.Core.Tools.BuiltIn.Team;

/// <summary><c>plan_review</c>: approves or rejects a teammate's plan-approval request and tells it.</summary>
public sealed class PlanReviewTool : LeadTeamToolBase
{
    private static readonly JsonElement InputSchemaValue = Schema("""
        {
          "type": "object",
          "properties": {
            "request_id": { "type": "string", "description": "The plan-approval request's id." },
            "approve": { "type": "boolean", "description": "true to approve the plan." },
            "feedback": { "type": "string", "description": "What to keep or change." }
          },
          "required": ["request_id", "approve"]
        }
        """);

    /// <inheritdoc />
    public override string Name => "plan_review";

    /// <inheritdoc />
    public override string Description => "Approve or reject a plan a teammate submitted for approval, with feedback.";

    /// <inheritdoc />
    public override JsonElement InputSchema => InputSchemaValue;

    private protected override async Task<string> RunAsync(ToolCallContext context, TeamManager team, CancellationToken cancellationToken)
    {
        var id = context.GetRequiredString("request_id");
        var approve = context.GetBoolean("approve") ?? false;
        var feedback = context.GetString("feedback") ?? string.Empty;
        var request = team.Protocols.Get(id) ?? throw new TeamException($"No request with id '{id}'.");
        if (request.Type != ProtocolTracker.PlanApproval)
        {
            throw new TeamException($"Request {id} is a {request.Type} request, not a plan approval.");
        }

        var resolved = team.Protocols.Resolve(id, approve, feedback);
        await team.Bus.SendAsync(MessageBus.Lead, resolved.Target, feedback.Length > 0 ? feedback : (approve ? "Plan approved." : "Plan rejected."),
            TeamMessageTypes.PlanApprovalResponse, TeamManager.Extra(("request_id", id), ("approve", approve), ("feedback", feedback)),
            cancellationToken).ConfigureAwait(false);
        return $"Plan {id} from {resolved.Target} {resolved.Status}; {resolved.Target} has been told.";
    }
}
