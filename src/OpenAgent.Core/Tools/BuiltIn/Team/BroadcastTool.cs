using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Teams;

namespace OpenAgent.Core.Tools.BuiltIn.Team;

/// <summary><c>broadcast</c>: one message to every teammate that is not shut down.</summary>
public sealed class BroadcastTool : LeadTeamToolBase
{
    private static readonly JsonElement InputSchemaValue = Schema("""
        {
          "type": "object",
          "properties": { "content": { "type": "string", "description": "The message." } },
          "required": ["content"]
        }
        """);

    /// <inheritdoc />
    public override string Name => "broadcast";

    /// <inheritdoc />
    public override string Description => "Send one message to every teammate that is working or idle.";

    /// <inheritdoc />
    public override JsonElement InputSchema => InputSchemaValue;

    private protected override async Task<string> RunAsync(ToolCallContext context, TeamManager team, CancellationToken cancellationToken)
    {
        var count = await team.Bus.BroadcastAsync(MessageBus.Lead, context.GetRequiredString("content"), team.ActiveMemberNames, cancellationToken).ConfigureAwait(false);
        return $"Broadcast sent to {count} teammate(s).";
    }
}
