using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Events;

namespace OpenAgent.Core.Background;

/// <summary>
/// At the top of each turn, brings finished background jobs into the conversation (a user message holding
/// <c>&lt;background-results&gt;</c>) and reports them as a <c>background_result</c> event.
/// </summary>
internal sealed class BackgroundResultsHook(BackgroundJobs jobs) : IAgentTurnHook
{
    public async ValueTask OnTurnStartingAsync(AgentTurnContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var notifications = jobs.DrainNotifications();
        if (notifications.Count == 0)
        {
            return;
        }

        var text = new StringBuilder("<background-results>\n");
        foreach (var notification in notifications)
        {
            text.Append("[bg:").Append(notification.TaskId).Append("] ").Append(notification.Status).Append(": ").Append(notification.Result).Append('\n');
        }

        text.Append("</background-results>");
        context.AppendNotice(text.ToString());
        await context.Events.EmitAsync(new BackgroundResultEvent(notifications), cancellationToken);
    }
}
