using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Teams;

namespace OpenAgent.Core.Tools.BuiltIn.Team;

/// <summary><c>send_message</c> for the lead: mail to one teammate.</summary>
public sealed class LeadSendMessageTool : LeadTeamToolBase
{
    private static readonly JsonElement InputSchemaValue = Schema("""
        {
          "type": "object",
          "properties": {
            "to": { "type": "string", "description": "The teammate's name." },
            "content": { "type": "string", "description": "The message." },
            "msg_type": { "type": "string", "description": "Usually 'message' (the default)." }
          },
          "required": ["to", "content"]
        }
        """);

    /// <inheritdoc />
    public override string Name => "send_message";

    /// <inheritdoc />
    public override string Description => "Send a message to a teammate. An idle teammate wakes up to read it.";

    /// <inheritdoc />
    public override JsonElement InputSchema => InputSchemaValue;

    private protected override async Task<string> RunAsync(ToolCallContext context, TeamManager team, CancellationToken cancellationToken)
    {
        var to = context.GetRequiredString("to");
        var type = context.GetString("msg_type") ?? TeamMessageTypes.Message;
        if (team.Get(to) is null)
        {
            throw new TeamException($"There is no teammate named '{to}'. {team.Describe()}");
        }

        await team.Bus.SendAsync(MessageBus.Lead, to, context.GetRequiredString("content"), type, null, cancellationToken).ConfigureAwait(false);
        return $"Sent {type} to {to}.";
    }
}
