using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Teams;

namespace OpenAgent.Core.Tools.BuiltIn.Team;

/// <summary><c>check_protocol</c>: the state of a shutdown or plan-approval request.</summary>
public sealed class CheckProtocolTool : LeadTeamToolBase
{
    private static readonly JsonElement InputSchemaValue = Schema("""
        {
          "type": "object",
          "properties": { "request_id": { "type": "string", "description": "The request's id." } },
          "required": ["request_id"]
        }
        """);

    /// <inheritdoc />
    public override string Name => "check_protocol";

    /// <inheritdoc />
    public override string Description => "Check a shutdown or plan-approval request: pending, approved or rejected.";

    /// <inheritdoc />
    public override JsonElement InputSchema => InputSchemaValue;

    /// <inheritdoc />
    public override bool IsReadOnly => true;

    private protected override Task<string> RunAsync(ToolCallContext context, TeamManager team, CancellationToken cancellationToken)
    {
        var id = context.GetRequiredString("request_id");
        var request = team.Protocols.Get(id) ?? throw new TeamException($"No request with id '{id}'.");
        var text = $"Request {request.Id} ({request.Type}, {request.Target}): {request.Status}.";
        return Task.FromResult(request.Feedback is { Length: > 0 } feedback ? $"{text} {feedback}" : text);
    }
}
