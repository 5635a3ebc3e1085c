namespace OpenAgent.Core.Agents;

/// <summary>
/// How an agent run ended.
/// </summary>
public enum AgentRunStatus
{
    /// <summary>The model finished its answer (or the turn limit was reached and a summary was given).</summary>
    Completed = 0,

    /// <summary>The run was cancelled through its <see cref="System.Threading.CancellationToken"/>.</summary>
    Cancelled,

    /// <summary>The model call failed.</summary>
    Failed,

    /// <summary>The run used more tokens than <see cref="OpenAgentOptions.MaxTokenBudget"/>.</summary>
    BudgetExceeded,

    /// <summary>No approval decision arrived in time.</summary>
    ApprovalTimedOut,

    /// <summary>The run was interrupted by new user input (only seen on the inner runs of an interrupted <c>RunAsync</c>).</summary>
    Interrupted,
}
