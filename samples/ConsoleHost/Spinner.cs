using System;
using System.Threading;

namespace OpenAgent.Samples.ConsoleHost;

/// <summary>
/// A one-character spinner at the cursor while the model or a tool works, erased before anything else is written.
/// Only on a real terminal: redirected output (scripts, tests) gets no control characters.
/// </summary>
internal sealed class Spinner : IDisposable
{
    private static readonly char[] Frames = ['|', '/', '-', '\\'];
    private readonly Lock _gate = new();
    private readonly Timer? _timer;
    private bool _running;
    private bool _drawn;
    private int _frame;

    public Spinner()
    {
        if (!Console.IsOutputRedirected)
        {
            _timer = new Timer(_ => Draw(), null, Timeout.Infinite, Timeout.Infinite);
        }
    }

    public void Start()
    {
        lock (_gate)
        {
            _running = true;
            _timer?.Change(TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(120));
        }
    }

    /// <summary>Stops and erases the spinner; call before writing.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _running = false;
            _timer?.Change(Timeout.Infinite, Timeout.Infinite);
            if (_drawn)
            {
                Console.Write("\b \b");
                _drawn = false;
            }
        }
    }

    public void Dispose() => _timer?.Dispose();

    private void Draw()
    {
        lock (_gate)
        {
            if (!_running)
            {
                return;
            }

            Console.Write((_drawn ? "\b" : string.Empty) + Frames[_frame++ % Frames.Length]);
            _drawn = true;
        }
    }
}
