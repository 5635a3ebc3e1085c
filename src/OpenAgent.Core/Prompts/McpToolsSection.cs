using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Mcp;

namespace OpenAgent.Core.Prompts;

/// <summary>Lists the session's MCP tools (<c>- name: description</c>) in the system prompt, last.</summary>
internal sealed class McpToolsSection : ISystemPromptContributor
{
    public ValueTask<string?> GetSectionAsync(AgentSession session, CancellationToken cancellationToken)
    {
        var all = session.Tools.Tools;
        var any = false;
        for (var i = 0; i < all.Count && !any; i++)
        {
            any = all[i] is McpToolHandler;
        }

        if (!any)
        {
            return ValueTask.FromResult<string?>(null);
        }

        var tools = all.OfType<McpToolHandler>().ToList();
        return ValueTask.FromResult<string?>(tools.Count == 0
            ? null
            : "# MCP tools\nTools from connected MCP servers:\n" + string.Join("\n", tools.Select(t => $"- {t.Name}: {FirstLine(t.Description)}")));
    }

    private static string FirstLine(string text)
    {
        var line = text.AsSpan().Trim();
        var end = line.IndexOfAny('\r', '\n');
        return (end < 0 ? line : line[..end]).ToString();
    }
}
