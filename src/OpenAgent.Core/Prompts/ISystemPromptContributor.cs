using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Agents;

namespace OpenAgent.Core.Prompts;

/// <summary>
/// Adds a section to the composed system prompt (skills, sub-agent types, MCP tools, or an app's own context).
/// Register with <c>services.AddSingleton&lt;ISystemPromptContributor, T&gt;()</c>; sections follow the preset and the
/// memory, in registration order.
/// </summary>
public interface ISystemPromptContributor
{
    /// <summary>Gets the section for <paramref name="session"/>, or <see langword="null"/> to add nothing.</summary>
    /// <param name="session">The session about to run.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The section's Markdown, with its own heading.</returns>
    ValueTask<string?> GetSectionAsync(AgentSession session, CancellationToken cancellationToken);
}
