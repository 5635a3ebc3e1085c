using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Skills;

namespace OpenAgent.Core.Prompts;

/// <summary>Lists the skills (names and descriptions only) in the system prompt when <c>read_skill</c> is available.</summary>
internal sealed class SkillsSection(SkillLibrary skills) : ISystemPromptContributor
{
    public ValueTask<string?> GetSectionAsync(AgentSession session, CancellationToken cancellationToken)
    {
        if (!session.Tools.Contains("read_skill"))
        {
            return ValueTask.FromResult<string?>(null);
        }

        var list = skills.List();
        return ValueTask.FromResult<string?>(list.Count == 0
            ? null
            : "# Skills\nRead a skill with read_skill before a task it covers.\n" + string.Join("\n", list.Select(s => $"- {s.Name}: {s.Description}")));
    }
}
