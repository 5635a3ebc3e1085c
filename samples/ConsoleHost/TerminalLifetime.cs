using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;

namespace OpenAgent.Samples.ConsoleHost;

/// <summary>
/// Replaces the generic host's console lifetime, which would take Ctrl+C (SIGINT) for itself and stop the host: here
/// Ctrl+C belongs to the terminal, where it stops a run or leaves the prompt.
/// </summary>
internal sealed class TerminalLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
