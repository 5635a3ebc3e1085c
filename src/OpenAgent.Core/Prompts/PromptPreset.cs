namespace OpenAgent.Core.Prompts;

/// <summary>
/// A system-prompt preset: a named body of instructions, in which <c>{workspace}</c> stands for the workspace folder.
/// </summary>
/// <param name="Name">The preset's name (<c>coding</c>, <c>work</c>, or a custom folder name).</param>
/// <param name="Description">A one-line description: the body's first line, without its <c>#</c>.</param>
/// <param name="Body">The instructions.</param>
/// <param name="IsBuiltIn">Whether the preset ships with the SDK (a custom preset of the same name replaces it).</param>
public sealed record PromptPreset(string Name, string Description, string Body, bool IsBuiltIn);
