using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Agents;

namespace OpenAgent.Core.Prompts;

/// <summary>Lists the sub-agent types in the system prompt when the <c>task</c> tool is available.</summary>
internal sealed class SubAgentTypesSection : ISystemPromptContributor
{
    private static readonly string Section =
        "# Sub-agents (task tool)\n" + string.Join("\n", SubAgentType.BuiltIn.Select(t => $"- {t.Name}: {t.Description}"));

    public ValueTask<string?> GetSectionAsync(AgentSession session, CancellationToken cancellationToken) =>
        ValueTask.FromResult<string?>(session.Tools.Contains("task") ? Section : null);
}
