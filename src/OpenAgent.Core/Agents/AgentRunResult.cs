using OpenAgent.Core.Events;

namespace OpenAgent.Core.Agents;

/// <summary>
/// The outcome of <see cref="AgentSession.RunAsync"/>.
/// </summary>
/// <param name="Status">How the run ended.</param>
/// <param name="Usage">The tokens the run used (the last run, when interrupts started new ones).</param>
/// <param name="LastInputTokens">The input tokens of the run's last model call: how full the context is.</param>
/// <param name="Turns">How many model calls the run made.</param>
/// <param name="PlanMode">Whether the session is in plan mode at the end of the run.</param>
/// <param name="ErrorMessage">The error reported to the host, when the run did not complete.</param>
public sealed record AgentRunResult(
    AgentRunStatus Status,
    AgentUsage Usage,
    long LastInputTokens,
    int Turns,
    bool PlanMode,
    string? ErrorMessage = null);
