using OpenAgent.Core.Agents;

namespace OpenAgent.Core.Tools;

/// <summary>
/// A tool that is only offered to the model in some sessions or states (for example team tools only when the session
/// has teams on, or <c>exit_plan_mode</c> only in plan mode). A call to it while it is unavailable is refused.
/// </summary>
public interface IConditionalToolHandler : IToolHandler
{
    /// <summary>Gets a value indicating whether the tool is offered to <paramref name="session"/> right now.</summary>
    /// <param name="session">The session about to call the model.</param>
    /// <returns><see langword="true"/> to offer the tool.</returns>
    bool IsAvailable(AgentSession session);
}
