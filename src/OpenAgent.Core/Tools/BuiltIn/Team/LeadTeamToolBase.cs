using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Teams;

namespace OpenAgent.Core.Tools.BuiltIn.Team;

/// <summary>
/// The base of the lead's team tools: offered only while the session has teams on, working on the session's
/// <see cref="TeamManager"/> (created on first use).
/// </summary>
public abstract class LeadTeamToolBase : IConditionalToolHandler
{
    private protected LeadTeamToolBase()
    {
    }

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract string Description { get; }

    /// <inheritdoc />
    public abstract JsonElement InputSchema { get; }

    /// <inheritdoc />
    public virtual bool IsReadOnly => false;

    /// <inheritdoc />
    public bool IsAvailable(AgentSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.TeamsEnabled;
    }

    /// <inheritdoc />
    public async ValueTask<ToolResult> InvokeAsync(ToolCallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Session.TeamsEnabled)
        {
            return ToolResult.Error("Agent teams are off for this session.");
        }

        var team = context.Services.GetRequiredService<TeamManager>();
        return ToolResult.Success(await RunAsync(context, team, cancellationToken).ConfigureAwait(false));
    }

    private protected abstract Task<string> RunAsync(ToolCallContext context, TeamManager team, CancellationToken cancellationToken);

    private protected static JsonElement Schema(string json) => JsonElement.Parse(json);
}
