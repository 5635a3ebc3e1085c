using System;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Agents;

namespace OpenAgent.Core.Tests.Support;

/// <summary>An approver whose answer a test supplies.</summary>
public sealed class DelegateApprover(Func<ToolApprovalRequest, CancellationToken, Task<ToolApprovalDecision>> decide) : IToolApprover
{
    public async ValueTask<ToolApprovalDecision> RequestApprovalAsync(ToolApprovalRequest request, CancellationToken cancellationToken) =>
        await decide(request, cancellationToken);
}
