using System.Collections.Generic;

namespace OpenAgent.Core.Skills;

/// <summary>
/// A skill: instructions the agent reads on demand. Only its name and description sit in the system prompt; the body
/// (and the files beside it) are read with the <c>read_skill</c> tool when a task needs them.
/// </summary>
/// <param name="Name">The name from the front matter; how the agent asks for it.</param>
/// <param name="Description">One line saying when to use it.</param>
/// <param name="Body">The Markdown after the front matter.</param>
/// <param name="Folder">The skill's folder on disk, or <see langword="null"/> for a skill bundled in the package.</param>
/// <param name="Files">The files in its <c>scripts/</c>, <c>references/</c> and <c>assets/</c> folders, relative to <paramref name="Folder"/>.</param>
public sealed record Skill(string Name, string Description, string Body, string? Folder, IReadOnlyList<string> Files)
{
    /// <summary>Gets a value indicating whether the skill ships inside the package.</summary>
    public bool IsBundled => Folder is null;
}
