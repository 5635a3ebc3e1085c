namespace OpenAgent.Core.Agents;

/// <summary>How a batch of tool calls ended.</summary>
internal enum ToolBatchOutcome
{
    Completed = 0,
    ApprovalTimedOut,

    /// <summary>A tool asked for the run to end after this turn (<see cref="Tools.ToolResult.EndsRun"/>).</summary>
    EndRun,
}
