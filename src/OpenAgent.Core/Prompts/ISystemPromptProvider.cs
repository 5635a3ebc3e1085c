using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Agents;

namespace OpenAgent.Core.Prompts;

/// <summary>
/// Composes the system prompt of a session's runs. The default names the agent, its workspace and a plan, act, report
/// way of working; replace it with <c>services.AddSingleton&lt;ISystemPromptProvider, T&gt;()</c> after <c>AddOpenAgent</c>.
/// A session's own <see cref="AgentSession.SystemPrompt"/>, when set, is used instead.
/// </summary>
public interface ISystemPromptProvider
{
    /// <summary>Builds the system prompt for the next run of <paramref name="session"/>.</summary>
    /// <param name="session">The session.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The system prompt.</returns>
    ValueTask<string> GetSystemPromptAsync(AgentSession session, CancellationToken cancellationToken);
}
