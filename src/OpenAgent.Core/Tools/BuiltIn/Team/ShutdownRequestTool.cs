using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Teams;

namespace OpenAgent.Core.Tools.BuiltIn.Team;

/// <summary><c>shutdown_request</c>: asks a teammate to stop, as a tracked request.</summary>
public sealed class ShutdownRequestTool : LeadTeamToolBase
{
    private static readonly JsonElement InputSchemaValue = Schema("""
        {
          "type": "object",
          "properties": { "teammate": { "type": "string", "description": "The teammate's name." } },
          "required": ["teammate"]
        }
        """);

    /// <inheritdoc />
    public override string Name => "shutdown_request";

    /// <inheritdoc />
    public override string Description =>
        "Ask a teammate to finish up and stop. Returns a request id; check_protocol tells you when it has stopped.";

    /// <inheritdoc />
    public override JsonElement InputSchema => InputSchemaValue;

    private protected override async Task<string> RunAsync(ToolCallContext context, TeamManager team, CancellationToken cancellationToken)
    {
        var request = await team.RequestShutdownAsync(context.GetRequiredString("teammate"), null, cancellationToken).ConfigureAwait(false);
        return $"Shutdown request {request.Id} for {request.Target}: {request.Status}.";
    }
}
