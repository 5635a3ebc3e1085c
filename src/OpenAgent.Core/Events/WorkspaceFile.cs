namespace OpenAgent.Core.Events;

/// <summary>
/// A file in the agent's workspace, as listed in <see cref="DoneEvent"/> and <see cref="InterruptedEvent"/>.
/// </summary>
/// <param name="Name">The file's name.</param>
/// <param name="Path">The file's path relative to the workspace, with <c>/</c> separators.</param>
public sealed record WorkspaceFile(string Name, string Path);
