using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Teams;

namespace OpenAgent.Core.Tools.BuiltIn.Team;

/// <summary><c>list_teammates</c>: the roster with each member's role and status.</summary>
public sealed class ListTeammatesTool : LeadTeamToolBase
{
    private static readonly JsonElement InputSchemaValue = Schema("""{"type": "object", "properties": {}}""");

    /// <inheritdoc />
    public override string Name => "list_teammates";

    /// <inheritdoc />
    public override string Description => "List your teammates with their roles and whether they are working, idle or shut down.";

    /// <inheritdoc />
    public override JsonElement InputSchema => InputSchemaValue;

    /// <inheritdoc />
    public override bool IsReadOnly => true;

    private protected override Task<string> RunAsync(ToolCallContext context, TeamManager team, CancellationToken cancellationToken) =>
        Task.FromResult(team.Describe());
}
