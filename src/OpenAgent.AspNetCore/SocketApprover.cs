using System;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Agents;

namespace OpenAgent.AspNetCore;

/// <summary>
/// Asks the socket's user to approve tool calls: the loop sends <c>tool_approval_request</c>, and the next
/// <c>tool_approval_response</c> answers it. A response with no request waiting is refused instead of being kept for a
/// later request (the seed's stray answers approved the wrong call).
/// </summary>
internal sealed class SocketApprover : IToolApprover
{
    private readonly Lock _gate = new();
    private TaskCompletionSource<ToolApprovalDecision>? _pending;
    private string? _pendingCallId;

    public async ValueTask<ToolApprovalDecision> RequestApprovalAsync(ToolApprovalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var answer = new TaskCompletionSource<ToolApprovalDecision>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _pending = answer;
            _pendingCallId = request.CallId;
        }

        try
        {
            return await answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                if (ReferenceEquals(_pending, answer))
                {
                    _pending = null;
                    _pendingCallId = null;
                }
            }
        }
    }

    /// <summary>Answers the waiting request; false when none is waiting (or <paramref name="callId"/> names another call).</summary>
    public bool TryAnswer(ToolApprovalDecision decision, string? callId)
    {
        lock (_gate)
        {
            if (_pending is null || (callId is not null && callId != _pendingCallId))
            {
                return false;
            }

            var pending = _pending;
            _pending = null;
            _pendingCallId = null;
            return pending.TrySetResult(decision);
        }
    }
}
