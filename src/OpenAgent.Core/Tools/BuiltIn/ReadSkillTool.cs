using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Skills;

namespace OpenAgent.Core.Tools.BuiltIn;

/// <summary>
/// <c>read_skill</c>: a skill's full instructions, and the files in its <c>scripts/</c>, <c>references/</c> and
/// <c>assets/</c> folders.
/// </summary>
/// <param name="skills">The skill library.</param>
public sealed class ReadSkillTool(SkillLibrary skills) : IToolHandler
{
    private static readonly JsonElement Schema = JsonElement.Parse("""
        {
          "type": "object",
          "properties": {
            "name": { "type": "string", "description": "The skill's name, as listed in the system prompt or by list_skills." }
          },
          "required": ["name"]
        }
        """);

    /// <inheritdoc />
    public string Name => "read_skill";

    /// <inheritdoc />
    public string Description =>
        "Read a skill's full instructions before doing the kind of task it covers. Returns its guidance and the paths of " +
        "any scripts, references and assets that come with it.";

    /// <inheritdoc />
    public JsonElement InputSchema => Schema;

    /// <inheritdoc />
    public bool IsReadOnly => true;

    /// <inheritdoc />
    public ValueTask<ToolResult> InvokeAsync(ToolCallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = context.GetRequiredString("name").Trim();
        var skill = skills.Get(name);
        if (skill is null)
        {
            var names = string.Join(", ", skills.List().Select(s => s.Name));
            return ValueTask.FromResult(ToolResult.Error(
                $"There is no skill named '{name}'. Available: {(names.Length > 0 ? names : "none")}."));
        }

        var text = new StringBuilder().Append("# Skill: ").Append(skill.Name).Append("\n\n").Append(skill.Body);
        if (skill.Files.Count > 0)
        {
            text.Append("\n\n## Files in ").Append(skill.Folder).Append('\n');
            foreach (var file in skill.Files)
            {
                text.Append("- ").Append(file).Append('\n');
            }
        }

        return ValueTask.FromResult(ToolResult.Success(text.ToString().TrimEnd()));
    }
}
