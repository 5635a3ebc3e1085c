using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Teams;

namespace OpenAgent.Core.Tools.BuiltIn.Team;

/// <summary><c>spawn_teammate</c>: starts a named teammate with a role and first instructions.</summary>
public sealed class SpawnTeammateTool : LeadTeamToolBase
{
    private static readonly JsonElement InputSchemaValue = Schema("""
        {
          "type": "object",
          "properties": {
            "name": { "type": "string", "description": "A short unique name: letters, digits, '-' or '_'." },
            "role": { "type": "string", "description": "What the teammate is for, e.g. 'backend developer'." },
            "prompt": { "type": "string", "description": "Its first instructions." }
          },
          "required": ["name", "role", "prompt"]
        }
        """);

    /// <inheritdoc />
    public override string Name => "spawn_teammate";

    /// <inheritdoc />
    public override string Description =>
        "Start a teammate: an agent with its own conversation that works in parallel in the same workspace, takes tasks from " +
        "the task board, and reports to you by message. An idle or stopped teammate can be spawned again by name.";

    /// <inheritdoc />
    public override JsonElement InputSchema => InputSchemaValue;

    private protected override async Task<string> RunAsync(ToolCallContext context, TeamManager team, CancellationToken cancellationToken)
    {
        var member = await team.SpawnAsync(
            context.GetRequiredString("name"), context.GetRequiredString("role"), context.GetRequiredString("prompt"), cancellationToken).ConfigureAwait(false);
        return $"Spawned {member.Name} ({member.Role}). It is working now and will message you.";
    }
}
