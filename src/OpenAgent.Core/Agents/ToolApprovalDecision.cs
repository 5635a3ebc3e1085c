namespace OpenAgent.Core.Agents;

/// <summary>
/// A user's answer to a <see cref="ToolApprovalRequest"/>.
/// </summary>
public enum ToolApprovalDecision
{
    /// <summary>Do not run the call; the model is told the user denied it.</summary>
    Deny = 0,

    /// <summary>Run the call.</summary>
    Approve = 1,

    /// <summary>Run the call and every later one: approval is switched off for the rest of the session.</summary>
    ApproveAll = 2,
}
