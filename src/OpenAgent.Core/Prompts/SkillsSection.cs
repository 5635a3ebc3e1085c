using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Skills;

namespace OpenAgent.Core.Prompts;

/// <summary>Lists the skills (names and descriptions only) in the system prompt when <c>read_skill</c> is available.</summary>
internal sealed class SkillsSection(SkillLibrary skills) : ISystemPromptContributor
{
    // The library returns the same list while nothing changed, so the section is built once per change.
    private (IReadOnlyList<Skill> Skills, string? Text)? _last;

    public ValueTask<string?> GetSectionAsync(AgentSession session, CancellationToken cancellationToken)
    {
        if (!session.Tools.Contains("read_skill"))
        {
            return ValueTask.FromResult<string?>(null);
        }

        var list = skills.List();
        if (_last is { } last && ReferenceEquals(last.Skills, list))
        {
            return ValueTask.FromResult(last.Text);
        }

        var text = list.Count == 0
            ? null
            : "# Skills\nRead a skill with read_skill before a task it covers.\n" + string.Join("\n", list.Select(s => $"- {s.Name}: {s.Description}"));
        _last = (list, text);
        return ValueTask.FromResult(text);
    }
}
