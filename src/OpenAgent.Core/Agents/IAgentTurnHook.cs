using System.Threading;
using System.Threading.Tasks;

namespace OpenAgent.Core.Agents;

/// <summary>
/// Runs at the top of every turn, before the model is called: the place to bring outside news into the conversation
/// (finished background jobs, teammates' messages). Register with <c>services.AddScoped&lt;IAgentTurnHook, T&gt;()</c>
/// (one instance per session) or as a singleton; hooks run in registration order.
/// </summary>
public interface IAgentTurnHook
{
    /// <summary>Called before each model call of a run.</summary>
    /// <param name="context">The session, its history (which the hook may append to) and the event sink.</param>
    /// <param name="cancellationToken">The run's token.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    ValueTask OnTurnStartingAsync(AgentTurnContext context, CancellationToken cancellationToken);
}
