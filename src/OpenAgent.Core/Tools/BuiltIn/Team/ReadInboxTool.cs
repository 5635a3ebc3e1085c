using System;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Teams;

namespace OpenAgent.Core.Tools.BuiltIn.Team;

/// <summary><c>read_inbox</c>: takes the messages waiting for the lead, or for the teammate that calls it.</summary>
public sealed class ReadInboxTool : IConditionalToolHandler
{
    private static readonly JsonElement InputSchemaValue = JsonElement.Parse("""{"type": "object", "properties": {}}""");
    private readonly TeamManager? _team;
    private readonly string _owner;

    /// <summary>Initializes the lead's tool.</summary>
    public ReadInboxTool()
    {
        _owner = MessageBus.Lead;
    }

    internal ReadInboxTool(TeamManager team, string owner)
    {
        _team = team;
        _owner = owner;
    }

    /// <inheritdoc />
    public string Name => "read_inbox";

    /// <inheritdoc />
    public string Description => "Read and clear your inbox: the messages teammates (or the lead) sent you, oldest first.";

    /// <inheritdoc />
    public JsonElement InputSchema => InputSchemaValue;

    /// <inheritdoc />
    public bool IsReadOnly => true;

    /// <inheritdoc />
    public bool IsAvailable(AgentSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return _team is not null || session.TeamsEnabled;
    }

    /// <inheritdoc />
    public async ValueTask<ToolResult> InvokeAsync(ToolCallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_team is null && !context.Session.TeamsEnabled)
        {
            return ToolResult.Error("Agent teams are off for this session.");
        }

        var team = _team ?? context.Services.GetRequiredService<TeamManager>();
        var messages = await team.Bus.ReadInboxAsync(_owner, cancellationToken).ConfigureAwait(false);
        return ToolResult.Success(messages.Count == 0
            ? "No new messages."
            : string.Join("\n", messages.Select(m => JsonSerializer.Serialize(m, TeamJsonContext.Default.TeamMessage))));
    }
}
