using System.Threading;
using System.Threading.Tasks;

namespace OpenAgent.Core.Compaction;

/// <summary>
/// A strategy that leaves the history as it is; the default until a real strategy is registered.
/// </summary>
internal sealed class NoCompactionStrategy : CompactionStrategy
{
    protected override ValueTask CompactCoreAsync(CompactionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
