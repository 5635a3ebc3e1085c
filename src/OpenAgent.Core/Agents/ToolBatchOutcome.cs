namespace OpenAgent.Core.Agents;

/// <summary>How a batch of tool calls ended.</summary>
internal enum ToolBatchOutcome
{
    Completed = 0,
    ApprovalTimedOut,
}
