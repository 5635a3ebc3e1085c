using System;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Core.Agents;

namespace OpenAgent.Core.Teams;

/// <summary>
/// At the top of each of the lead's turns, brings its waiting team mail into the conversation (a user message holding
/// <c>&lt;inbox&gt;</c> and a short acknowledgement). Does nothing, and creates no team, while teams are off.
/// </summary>
internal sealed class LeadInboxHook(IServiceProvider services) : IAgentTurnHook
{
    public async ValueTask OnTurnStartingAsync(AgentTurnContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Session.TeamsEnabled)
        {
            return;
        }

        var team = services.GetRequiredService<TeamManager>();
        if (team.Bus.Pending(MessageBus.Lead) == 0)
        {
            return;
        }

        var messages = await team.Bus.ReadInboxAsync(MessageBus.Lead, cancellationToken).ConfigureAwait(false);
        if (messages.Count == 0)
        {
            return;
        }

        var text = new StringBuilder("<inbox>\n");
        foreach (var message in messages)
        {
            text.Append(JsonSerializer.Serialize(message, TeamJsonContext.Default.TeamMessage)).Append('\n');
        }

        context.AppendNotice(text.Append("</inbox>").ToString());
    }
}
