using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace OpenAgent.Samples.Tests;

/// <summary>The real console program (samples/ConsoleHost, built as openagent.dll) run as a process.</summary>
public sealed class ConsoleProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private ConsoleProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _stdout.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _stderr.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static string Program
    {
        get
        {
            // tests/OpenAgent.Samples.Tests/bin/{Configuration}/net10.0/ -> samples/ConsoleHost/bin/{Configuration}/net10.0/openagent.dll
            var output = new DirectoryInfo(AppContext.BaseDirectory);
            var configuration = output.Parent!.Name;
            var root = output.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
            return Path.Combine(root, "samples", "ConsoleHost", "bin", configuration, "net10.0", "openagent.dll");
        }
    }

    public string Stdout => string.Join("\n", _stdout);

    public string Stderr => string.Join("\n", _stderr);

    public int Id => _process.Id;

    public static ConsoleProcess Start(string workingDirectory, params string[] args)
    {
        // A job started in the background by a non-interactive shell (as CI may be) inherits SIGINT ignored, and .NET
        // keeps an inherited SIG_IGN: restore the default so Ctrl+C reaches the program as it would in a terminal.
        var start = new ProcessStartInfo("env")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(Program);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The provider comes from the flags or the defaults, never from the machine running the tests.
        foreach (var name in new[] { "ANTHROPIC_API_KEY", "OPENAI_API_KEY", "OPENAI_BASE_URL" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["NO_COLOR"] = "1";
        return new ConsoleProcess(Process.Start(start)!);
    }

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string workingDirectory, params string[] args)
    {
        using var process = Start(workingDirectory, args);
        process._process.StandardInput.Close();
        var exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (exit, process.Stdout, process.Stderr);
    }

    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    public async Task WaitForOutputAsync(string text, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!Stdout.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                throw new TimeoutException($"'{text}' never appeared. stdout:\n{Stdout}\nstderr:\n{Stderr}");
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Sends SIGINT, as Ctrl+C in a terminal does.</summary>
    public void Interrupt()
    {
        using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -INT {_process.Id} failed.");
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(timeout);
        await _process.WaitForExitAsync(limit.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
