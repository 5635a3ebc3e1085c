using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Agents;
using Spectre.Console;

namespace OpenAgent.Samples.ConsoleHost;

/// <summary>Asks in the terminal before a tool that changes things runs: [y]es, [n]o, or [a]ll (approve the rest).</summary>
internal sealed class ConsoleApprover(IAnsiConsole console, TextReader input) : IToolApprover
{
    public async ValueTask<ToolApprovalDecision> RequestApprovalAsync(ToolApprovalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        console.MarkupLine($"[yellow]Allow[/] [bold]{Markup.Escape(request.ToolName)}[/] {Markup.Escape(request.Arguments.GetRawText())}?");
        console.Markup("[yellow][[y]]es / [[n]]o / [[a]]ll: [/]");
        var answer = (await input.ReadLineAsync(cancellationToken).ConfigureAwait(false))?.Trim().ToLowerInvariant();
        return answer switch
        {
            "y" or "yes" => ToolApprovalDecision.Approve,
            "a" or "all" => ToolApprovalDecision.ApproveAll,
            _ => ToolApprovalDecision.Deny,
        };
    }
}
