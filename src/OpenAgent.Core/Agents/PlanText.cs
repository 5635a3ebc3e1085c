using System.Collections.Generic;
using Microsoft.Extensions.AI;

namespace OpenAgent.Core.Agents;

/// <summary>
/// The plan written so far: the text of the assistant's messages since plan mode was entered, joined by a blank line.
/// </summary>
internal static class PlanText
{
    public static string Extract(AgentSession session)
    {
        var parts = new List<string>();
        var history = session.History;
        for (var i = session.PlanStartIndex; i < history.Count; i++)
        {
            if (history[i].Role == ChatRole.Assistant && history[i].Text is { Length: > 0 } text)
            {
                parts.Add(text);
            }
        }

        return string.Join("\n\n", parts);
    }
}
