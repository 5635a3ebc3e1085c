using System;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Agents;

namespace OpenAgent.Core.Prompts;

/// <summary>
/// The built-in system prompt: a coding agent working in the session's workspace.
/// </summary>
internal sealed class DefaultSystemPromptProvider : ISystemPromptProvider
{
    public ValueTask<string> GetSystemPromptAsync(AgentSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        return ValueTask.FromResult(
            $"""
            You are a capable coding agent. You work inside the folder {session.WorkspacePath}; every path you use is relative to it.

            Work in three steps: first understand the request and decide on a short plan, then carry it out with your tools,
            checking results as you go, and finally report briefly what you did and what is left.
            """);
    }
}
