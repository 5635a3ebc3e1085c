using System.Threading;
using System.Threading.Tasks;

namespace OpenAgent.Core.Agents;

/// <summary>
/// Decides whether a tool call may run, when approval is on for the session. Supplied by the host: a web host asks
/// the user over its WebSocket, a console host at the terminal.
/// </summary>
/// <remarks>
/// Approval is asked once per call (not per batch), and only for tools that are not read-only. If no decision arrives
/// within <see cref="OpenAgentOptions.ApprovalTimeout"/>, the run ends with an error.
/// </remarks>
public interface IToolApprover
{
    /// <summary>Asks for a decision on one call.</summary>
    /// <param name="request">The call awaiting a decision.</param>
    /// <param name="cancellationToken">Signalled when the run is cancelled or the approval times out.</param>
    /// <returns>The decision.</returns>
    ValueTask<ToolApprovalDecision> RequestApprovalAsync(ToolApprovalRequest request, CancellationToken cancellationToken);
}
