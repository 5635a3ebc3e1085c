using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Agents;

namespace OpenAgent.Core.Prompts;

/// <summary>
/// Composes the system prompt of a session's runs. The default takes the session's own
/// <see cref="AgentSession.SystemPrompt"/> or its preset (<see cref="PromptPresets"/>), then the workspace memory, then
/// every <see cref="ISystemPromptContributor"/>'s section. Replace it with
/// <c>services.AddSingleton&lt;ISystemPromptProvider, T&gt;()</c>.
/// </summary>
public interface ISystemPromptProvider
{
    /// <summary>Builds the system prompt for the next run of <paramref name="session"/>.</summary>
    /// <param name="session">The session.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The system prompt.</returns>
    ValueTask<string> GetSystemPromptAsync(AgentSession session, CancellationToken cancellationToken);
}
