using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Options;
using OpenAgent.Core.Shell;

namespace OpenAgent.Core.Background;

/// <summary>
/// A session's background jobs: shell commands that run while the agent goes on working. Each job runs through the
/// same <see cref="ShellCommandRunner"/> and policy as <c>bash</c>, with <see cref="OpenAgentOptions.BackgroundTimeout"/>.
/// Finished jobs are queued as notifications that the loop brings into the conversation at the top of the next turn.
/// Disposing (the session ending) cancels every job and kills its processes.
/// </summary>
public sealed class BackgroundJobs : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Job> _jobs = new(StringComparer.Ordinal);
    private readonly Channel<BackgroundNotification> _notifications = Channel.CreateUnbounded<BackgroundNotification>();
    private readonly CancellationTokenSource _lifetime = new();
    private readonly ShellCommandRunner _runner;
    private readonly OpenAgentOptions _options;
    private readonly string _workspace;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="runner">The command runner.</param>
    /// <param name="options">The SDK options (timeout, allowed commands).</param>
    /// <param name="workspacePath">The folder jobs run in.</param>
    public BackgroundJobs(ShellCommandRunner runner, IOptions<OpenAgentOptions> options, string workspacePath)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(workspacePath);
        _runner = runner;
        _options = options.Value;
        _workspace = workspacePath;
    }

    /// <summary>Starts <paramref name="command"/> and returns at once.</summary>
    /// <param name="command">The shell command.</param>
    /// <returns>The job's id (8 hex characters).</returns>
    /// <exception cref="ArgumentException">The command policy refuses the command.</exception>
    public string Start(string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (ShellCommandPolicy.Check(command, [.. _options.AllowedCommands]) is { } refusal)
        {
            throw new ArgumentException(refusal);
        }

        ObjectDisposedException.ThrowIf(_lifetime.IsCancellationRequested, this);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var job = new Job(id, command);
        _jobs[id] = job;
        job.Completion = RunAsync(job);
        return id;
    }

    /// <summary>Describes one job, or all of them.</summary>
    /// <param name="id">A job id, or <see langword="null"/> for all jobs.</param>
    /// <returns>The description; <c>No background tasks.</c> when there are none.</returns>
    /// <exception cref="ArgumentException">There is no job with that id.</exception>
    public string Describe(string? id = null)
    {
        if (id is not null)
        {
            var job = _jobs.TryGetValue(id, out var found) ? found : throw new ArgumentException($"No background task '{id}'.", nameof(id));
            return $"[{job.Id}] {job.Status}: {job.Command}\n{(job.Output.Length == 0 ? "(no output yet)" : job.Output)}";
        }

        return _jobs.IsEmpty
            ? "No background tasks."
            : string.Join("\n", _jobs.Values.OrderBy(j => j.Started).Select(j => $"[{j.Id}] {j.Status}: {Shorten(j.Command, 80)}"));
    }

    /// <summary>Takes the notifications of the jobs that finished since the last call.</summary>
    /// <returns>The notifications, oldest first.</returns>
    public IReadOnlyList<BackgroundNotification> DrainNotifications()
    {
        // Called at the top of every turn: nothing to allocate when nothing finished.
        if (!_notifications.Reader.TryRead(out var first))
        {
            return [];
        }

        var drained = new List<BackgroundNotification> { first };
        while (_notifications.Reader.TryRead(out var notification))
        {
            drained.Add(notification);
        }

        return drained;
    }

    /// <summary>Cancels every running job, kills its processes and waits for it to end.</summary>
    /// <returns>A task that completes when every job has ended.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_lifetime.IsCancellationRequested)
        {
            return;
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_jobs.Values.Select(j => j.Completion ?? Task.CompletedTask)).ConfigureAwait(false);
        _lifetime.Dispose();
    }

    private async Task RunAsync(Job job)
    {
        await Task.Yield();
        try
        {
            var result = await _runner.RunAsync(job.Command, _workspace, _options.BackgroundTimeout, _lifetime.Token).ConfigureAwait(false);
            job.Output = result.ToText();
            job.Status = result.TimedOut ? "timeout" : "completed";
        }
        catch (OperationCanceledException)
        {
            job.Status = "cancelled";
            return;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or System.IO.IOException)
        {
            job.Output = ex.Message;
            job.Status = "error";
        }

        _notifications.Writer.TryWrite(new BackgroundNotification(job.Id, job.Status, Shorten(job.Command, 80), Shorten(job.Output, 500)));
    }

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..length];

    private sealed class Job(string id, string command)
    {
        public string Id { get; } = id;

        public string Command { get; } = command;

        public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;

        public string Status { get; set; } = "running";

        public string Output { get; set; } = string.Empty;

        public Task? Completion { get; set; }
    }
}
