using System;
using System.Collections;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Runtime.Versioning;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Options;

namespace OpenAgent.Core.Shell;

/// <summary>
/// Runs shell commands for the agent: <c>/bin/bash -c</c> in the workspace, in a process group of its own, with a time
/// limit, an output cap, no secrets in its environment, and nothing left running afterwards.
/// </summary>
/// <remarks>
/// Standard error is redirected into standard output inside the shell, so the two arrive in the order they were
/// written. Standard input is closed. When the command ends, times out or is cancelled, its whole process group is
/// killed: background processes it started do not outlive it (use background jobs for long-running work).
/// </remarks>
public sealed class ShellCommandRunner
{
    /// <summary>The most output characters kept; the rest is counted and reported as cut.</summary>
    public const int MaxOutputCharacters = 50_000;

    private readonly OpenAgentOptions _options;
    private readonly Regex[] _secretPatterns;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">The SDK options (secret environment patterns).</param>
    public ShellCommandRunner(IOptions<OpenAgentOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _secretPatterns = [.. Array.ConvertAll([.. _options.BashSecretEnvironmentPatterns], Llm.SecretRedactor.WildcardToRegex)];
    }

    /// <summary>Gets or sets a value indicating whether Linux commands start through <c>posix_spawn</c> (the default) rather
    /// than <see cref="Process"/> with <c>setsid</c>, the path used elsewhere and under the sandbox. Tests run both.</summary>
    internal bool UseSpawn { get; set; } = true;

    /// <summary>Runs <paramref name="command"/> and returns its output and exit code.</summary>
    /// <param name="command">The shell command.</param>
    /// <param name="workingDirectory">The folder it runs in.</param>
    /// <param name="timeout">How long it may run before its process group is killed.</param>
    /// <param name="cancellationToken">Kills the command's process group and throws when cancelled.</param>
    /// <returns>The result; a timed-out command returns its output so far.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ShellResult> RunAsync(string command, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(workingDirectory);
        if (UseSpawn && _options.BashSandbox == ShellSandbox.None && SessionSpawn.IsSupported && Spawn(command, workingDirectory) is { } spawned)
        {
            return await RunSpawnedAsync(spawned, timeout, cancellationToken).ConfigureAwait(false);
        }

        using var process = new Process { StartInfo = CreateStartInfo(command, workingDirectory) };
        process.Start();
        process.StandardInput.Close();
        var output = new OutputCollector();
        var reading = Task.WhenAll(output.ReadAsync(process.StandardOutput), DrainAsync(process.StandardError));
        return await SuperviseAsync(
            token => process.WaitForExitAsync(token), () => process.ExitCode, () => ProcessGroup.Kill(process), output, reading, timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts the command in a session of its own without <c>setsid</c>: a plain command directly, anything else
    /// through <c>/bin/bash -c</c>. Null when spawning is not available here.</summary>
    [SupportedOSPlatform("linux")]
    private SpawnedCommand? Spawn(string command, string workingDirectory)
    {
        var directory = Path.GetFullPath(workingDirectory);
        var environment = new List<string>();
        string? path = null;
        var bashEnv = false;
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            var name = (string)variable.Key;
            if (IsSecret(name) || name == "PWD")
            {
                continue;
            }

            path = name == "PATH" ? (string?)variable.Value : path;
            bashEnv |= name == "BASH_ENV";
            environment.Add($"{name}={variable.Value}");
        }

        // What bash would have told the command about where it runs.
        environment.Add("PWD=" + directory);

        if (!bashEnv && PlainCommand.Resolve(command, path, directory) is { } plain)
        {
            try
            {
                return SessionSpawn.Start(plain.Program, plain.Arguments, environment, directory);
            }
            catch (Win32Exception)
            {
                // Not something that can be started directly (a script without #!): let bash run it.
            }
        }

        return SessionSpawn.Start("/bin/bash", ["/bin/bash", "-c", command], environment, directory);
    }

    private static async Task<ShellResult> RunSpawnedAsync(SpawnedCommand command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(command.Output, Encoding.UTF8);
        var output = new OutputCollector();
        return await SuperviseAsync(
            token => command.Exited.WaitAsync(token), () => command.Exited.Result, () => ProcessGroup.Kill(command.Pid), output, output.ReadAsync(reader), timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits for a started command under its time limit and the caller's token; then, whatever happened, kills its
    /// process group and collects what it wrote (giving up on a pipe held open by a process that left the group).
    /// </summary>
    /// <param name="waitForExit">Completes when the command has exited.</param>
    /// <param name="exitCode">The exit code, read once it has exited.</param>
    /// <param name="killGroup">Kills the command's process group.</param>
    /// <param name="output">Collects the output.</param>
    /// <param name="reading">Completes when the output pipes are read to the end.</param>
    /// <param name="timeout">How long it may run.</param>
    /// <param name="cancellationToken">Stops it, and then throws.</param>
    private static async Task<ShellResult> SuperviseAsync(
        Func<CancellationToken, Task> waitForExit, Func<int> exitCode, Action killGroup, OutputCollector output, Task reading, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await waitForExit(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            timedOut = true;
        }
        finally
        {
            // Whatever happened, nothing the command started keeps running (or keeps the output pipe open).
            killGroup();
        }

        try
        {
            await reading.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A process that left the group (its own setsid) still holds the pipe: keep the output read so far.
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new ShellResult(timedOut ? null : exitCode(), output.Text, output.Cut, timedOut);
    }

    private ProcessStartInfo CreateStartInfo(string command, string workingDirectory)
    {
        var useSetsid = File.Exists("/usr/bin/setsid");
        var script = "exec 2>&1\n" + command;
        var program = _options.BashSandbox == ShellSandbox.Bubblewrap
            ? Bubblewrap.FindExecutable() ?? throw new InvalidOperationException("BashSandbox is Bubblewrap, but 'bwrap' was not found on the PATH.")
            : "/bin/bash";
        var start = new ProcessStartInfo(useSetsid ? "/usr/bin/setsid" : program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        if (useSetsid)
        {
            start.ArgumentList.Add(program);
        }

        var arguments = _options.BashSandbox == ShellSandbox.Bubblewrap
            ? Bubblewrap.Arguments(Path.GetFullPath(workingDirectory), script)
            : ["-c", script];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var secrets = new List<string>();
        foreach (var name in start.Environment.Keys)
        {
            if (IsSecret(name))
            {
                secrets.Add(name);
            }
        }

        foreach (var name in secrets)
        {
            start.Environment.Remove(name);
        }

        return start;
    }

    /// <summary>Whether an environment variable's name matches <c>BashSecretEnvironmentPatterns</c>: it is not passed on.</summary>
    private bool IsSecret(string name) => Array.Exists(_secretPatterns, p => p.IsMatch(name));

    private static async Task DrainAsync(StreamReader reader)
    {
        try
        {
            await reader.ReadToEndAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or IOException)
        {
        }
    }

    private sealed class OutputCollector
    {
        private readonly StringBuilder _text = new();

        public long Cut { get; private set; }

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public async Task ReadAsync(StreamReader reader)
        {
            var buffer = new char[8192];
            try
            {
                int read;
                while ((read = await reader.ReadAsync(buffer, CancellationToken.None).ConfigureAwait(false)) > 0)
                {
                    lock (_text)
                    {
                        var room = Math.Max(0, MaxOutputCharacters - _text.Length);
                        _text.Append(buffer, 0, Math.Min(room, read));
                        Cut += Math.Max(0, read - room);
                    }
                }
            }
            catch (Exception ex) when (ex is ObjectDisposedException or IOException)
            {
                // The process was disposed while an escaped child still held the pipe.
            }
        }
    }
}
