using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.AI;

namespace OpenAgent.Testing;

/// <summary>
/// One request a <see cref="ScriptedChatClient"/> received, recorded for assertions.
/// </summary>
/// <param name="Index">The request's position, from 0.</param>
/// <param name="Messages">The messages sent (a copy of the list, taken when the request arrived).</param>
/// <param name="Options">The options sent.</param>
/// <param name="Streaming">Whether the request was a streaming one.</param>
public sealed record ScriptedRequest(int Index, IReadOnlyList<ChatMessage> Messages, ChatOptions? Options, bool Streaming)
{
    /// <summary>Gets the tools offered with the request.</summary>
    public IReadOnlyList<AITool> Tools => Options?.Tools is { } tools ? [.. tools] : [];

    /// <summary>Gets the names of the tools offered with the request.</summary>
    public IReadOnlyList<string> ToolNames => [.. Tools.Select(t => t.Name)];

    /// <summary>Gets the text of the system messages sent (joined), or <see langword="null"/> when there were none.</summary>
    public string? SystemPrompt
    {
        get
        {
            var system = Messages.Where(m => m.Role == ChatRole.System).Select(m => m.Text).ToList();
            return system.Count == 0 ? Options?.Instructions : string.Join("\n", system);
        }
    }

    /// <summary>Gets the last message sent.</summary>
    public ChatMessage? LastMessage => Messages.Count == 0 ? null : Messages[^1];

    /// <summary>Gets the tool results sent with the request, in order.</summary>
    public IReadOnlyList<FunctionResultContent> ToolResults =>
        [.. Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>()];
}
