using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Core.Events;
using OpenAgent.Core.Tools;

namespace OpenAgent.Core.Agents;

/// <content>Tools: loading tool sources, and which tools are offered now.</content>
public sealed partial class AgentSession
{
    private bool _toolSourcesLoaded;

    /// <summary>
    /// Adds the tools of every registered <see cref="IToolSource"/> (MCP servers, ...) to <see cref="Tools"/>, once; the loop
    /// calls it before the first run, and hosts can call it earlier to list the tools.
    /// </summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the tools are added.</returns>
    public async ValueTask LoadToolSourcesAsync(CancellationToken cancellationToken = default)
    {
        if (_toolSourcesLoaded)
        {
            return;
        }

        foreach (var source in Services.GetServices<IToolSource>())
        {
            foreach (var tool in await source.GetToolsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!Tools.Contains(tool.Name))
                {
                    Tools.Register(tool);
                }
            }
        }

        _toolSourcesLoaded = true;
    }

    /// <summary>Lists the workspace's files (re-read only when a folder in it changed).</summary>
    internal IReadOnlyList<WorkspaceFile> ListFiles() => _files.List();

    /// <summary>Gets the session's turn hooks, resolved once from its scope.</summary>
    internal IAgentTurnHook[] TurnHooks => _turnHooks ??= [.. Services.GetServices<IAgentTurnHook>()];

    /// <summary>
    /// Gets the tool declarations to offer now. The list is rebuilt only when the set of offered tools changes (plan
    /// mode, a conditional tool's availability, a tool added).
    /// </summary>
    internal IList<AITool> GetOfferedTools()
    {
        var tools = Tools.Tools;
        ulong? mask = null;
        if (tools.Count <= 64)
        {
            var bits = 0UL;
            for (var i = 0; i < tools.Count; i++)
            {
                bits |= IsOffered(tools[i]) ? 1UL << i : 0;
            }

            mask = bits;
            if (_offered is { } cached && cached.Mask == bits && cached.ToolCount == tools.Count)
            {
                return cached.Tools;
            }
        }

        var declarations = Tools.GetDeclarations(IsOffered);
        _offered = mask is { } m ? (m, tools.Count, declarations) : null;
        return declarations;
    }

    /// <summary>Whether a tool may be offered and called now: in plan mode only read-only tools are, and a conditional
    /// tool only while it says it is available.</summary>
    internal bool IsOffered(IToolHandler tool) =>
        (!PlanMode || tool.IsReadOnly) && (tool is not IConditionalToolHandler conditional || conditional.IsAvailable(this));
}
