using System.Threading;
using System.Threading.Tasks;

namespace OpenAgent.LoadTest;

/// <summary>Holds model calls until released, and counts how many are held.</summary>
internal sealed class LoadControl
{
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _held;

    public int Held => Volatile.Read(ref _held);

    public async Task HoldAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _held);
        try
        {
            await Volatile.Read(ref _gate).Task.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _held);
        }
    }

    public void Release() =>
        Interlocked.Exchange(ref _gate, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
