using System;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Skills;

namespace OpenAgent.Core.Tools.BuiltIn;

/// <summary><c>list_skills</c>: the available skills, one <c>- name: description</c> line each.</summary>
/// <param name="skills">The skill library.</param>
public sealed class ListSkillsTool(SkillLibrary skills) : IToolHandler
{
    private static readonly JsonElement Schema = JsonElement.Parse("""{"type": "object", "properties": {}}""");

    /// <inheritdoc />
    public string Name => "list_skills";

    /// <inheritdoc />
    public string Description => "List the skills you can read with read_skill: each one's name and when to use it.";

    /// <inheritdoc />
    public JsonElement InputSchema => Schema;

    /// <inheritdoc />
    public bool IsReadOnly => true;

    /// <inheritdoc />
    public ValueTask<ToolResult> InvokeAsync(ToolCallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var list = skills.List();
        return ValueTask.FromResult(ToolResult.Success(list.Count == 0
            ? "No skills are available."
            : string.Join("\n", list.Select(s => $"- {s.Name}: {s.Description}"))));
    }
}
