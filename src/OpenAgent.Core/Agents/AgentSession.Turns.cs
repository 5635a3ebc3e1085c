using System.Threading;

namespace OpenAgent.Core.Agents;

/// <content>What the loop keeps on the session between its steps: plan progress, compaction requests, interrupts.</content>
public sealed partial class AgentSession
{
    /// <summary>Gets or sets where the current plan started in <see cref="History"/> (set when plan mode is entered).</summary>
    internal int PlanStartIndex { get; set; }

    /// <summary>Gets or sets a value indicating whether this run already reported its plan (<c>plan_ready</c>).</summary>
    internal bool PlanReadySent { get; set; }

    /// <summary>Asks the loop to compact the conversation after the current tool calls.</summary>
    /// <param name="focus">What the summary should keep in particular, if anything.</param>
    internal void RequestCompaction(string? focus)
    {
        lock (_runLock)
        {
            _compactionRequest = (true, string.IsNullOrWhiteSpace(focus) ? null : focus.Trim());
        }
    }

    internal bool TakeCompactionRequest(out string? focus)
    {
        lock (_runLock)
        {
            (var requested, focus) = _compactionRequest;
            _compactionRequest = default;
            return requested;
        }
    }

    internal void BeginTurn(CancellationTokenSource turn)
    {
        lock (_runLock)
        {
            _activeTurn = turn;
            if (Volatile.Read(ref _disposed) == 1)
            {
                turn.Cancel();
            }
        }
    }

    internal bool TryTakeInterrupt(out string feedback)
    {
        lock (_runLock)
        {
            _activeTurn = null;
            if (!_interrupts.TryDequeue(out feedback!))
            {
                return false;
            }

            // Several interrupts during one turn are delivered together, oldest first.
            while (_interrupts.TryDequeue(out var more))
            {
                feedback += "\n\n" + more;
            }

            return true;
        }
    }
}
