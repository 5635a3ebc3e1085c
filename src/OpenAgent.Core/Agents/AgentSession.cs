using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Core.Events;
using OpenAgent.Core.Tools;
using OpenAgent.Core.Workspace;

namespace OpenAgent.Core.Agents;

/// <summary>
/// One conversation with the agent: its history, usage, flags, workspace and per-session services. Create sessions
/// with <see cref="AgentSessionFactory"/>; run a turn with <see cref="RunAsync"/> or <see cref="RunStreamingAsync"/>.
/// </summary>
/// <remarks>
/// A session runs one turn at a time; sessions are independent of each other and can run side by side. Dispose the
/// session to end it: its service scope (and whatever per-session work it owns) is disposed with it.
/// </remarks>
public sealed partial class AgentSession : IAsyncDisposable
{
    private readonly AgentLoop _loop;
    private readonly AsyncServiceScope _scope;
    private readonly ConcurrentQueue<string> _interrupts = new();
    private readonly Lock _runLock = new();
    private CancellationTokenSource? _activeTurn;
    private readonly WorkspaceListingCache _files;
    private IAgentTurnHook[]? _turnHooks;
    private (ulong Mask, int ToolCount, IList<AITool> Tools)? _offered;
    private TaskCompletionSource? _runDone;
    private (bool Requested, string? Focus) _compactionRequest;
    private int _running;
    private int _disposed;

    internal AgentSession(AgentLoop loop, AsyncServiceScope scope, AgentSessionState state, IToolApprover? approver)
    {
        _loop = loop;
        _scope = scope;
        Id = state.Id;
        WorkspacePath = state.WorkspacePath;
        History = state.Messages is List<ChatMessage> list ? list : [.. state.Messages];
        Usage = state.Usage;
        SystemPrompt = state.SystemPrompt;
        Preset = state.Preset;
        TeamsEnabled = state.TeamsEnabled;
        ApprovalEnabled = state.ApprovalEnabled;
        PlanMode = state.PlanMode;
        TracingEnabled = state.TracingEnabled;
        Approver = approver;
        scope.ServiceProvider.GetRequiredService<AgentSessionHolder>().Session = this;
        Tools = new ToolRegistry(scope.ServiceProvider.GetServices<IToolHandler>(), loop.ToolLogger);
        _files = new WorkspaceListingCache(WorkspacePath);
    }

    /// <summary>Gets the session id.</summary>
    public string Id { get; }

    /// <summary>Gets the full path of the folder the agent works in.</summary>
    public string WorkspacePath { get; }

    /// <summary>Gets the conversation (without the system prompt, which is composed for each run).</summary>
    public IList<ChatMessage> History { get; }

    /// <summary>Gets the tokens used by all runs of this session.</summary>
    public AgentUsage Usage { get; internal set; }

    /// <summary>Gets or sets a system prompt that replaces the composed one.</summary>
    public string? SystemPrompt { get; set; }

    /// <summary>Gets or sets the prompt preset.</summary>
    public string? Preset { get; set; }

    /// <summary>Gets or sets a value indicating whether agent teams are on.</summary>
    public bool TeamsEnabled { get; set; }

    /// <summary>Gets or sets a value indicating whether tool calls that are not read-only wait for approval.
    /// Answering <see cref="ToolApprovalDecision.ApproveAll"/> switches it off.</summary>
    public bool ApprovalEnabled { get; set; }

    /// <summary>Gets or sets a value indicating whether the session is in plan mode.</summary>
    public bool PlanMode { get; set; }

    /// <summary>Gets or sets a value indicating whether model requests and responses are reported as events.</summary>
    public bool TracingEnabled { get; set; }

    /// <summary>Gets or sets the approver asked when approval is on. Default: the <see cref="IToolApprover"/> registered in DI, if any.</summary>
    public IToolApprover? Approver { get; set; }

    /// <summary>Gets the session's tools.</summary>
    public ToolRegistry Tools { get; }

    /// <summary>Gets the session's services: a scope that lives as long as the session.</summary>
    public IServiceProvider Services => _scope.ServiceProvider;

    /// <summary>Gets a value indicating whether a run is in progress.</summary>
    public bool IsRunning => Volatile.Read(ref _running) == 1;

    /// <summary>
    /// Runs one user turn to the end: the model is called, its tool calls run, and so on until it answers without
    /// tool calls, the turn limit or token budget is reached, or the run is cancelled. Every step is reported to
    /// <paramref name="events"/>; the last event is <c>done</c> or <c>error</c>.
    /// </summary>
    /// <param name="userText">The user's message.</param>
    /// <param name="events">The sink for the run's events.</param>
    /// <param name="cancellationToken">Cancels the run; it then ends with an <c>error</c> event "Cancelled" and a history that is valid for the next run.</param>
    /// <returns>How the run ended. Cancellation is reported here, not thrown.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="userText"/> is null, empty or white space.</exception>
    /// <exception cref="InvalidOperationException">A run is already in progress, or approval is on and no approver is available.</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public async Task<AgentRunResult> RunAsync(string userText, IAgentEventSink events, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userText);
        ArgumentNullException.ThrowIfNull(events);
        if (Interlocked.CompareExchange(ref _running, 1, 0) != 0)
        {
            throw new InvalidOperationException($"Session '{Id}' is already running a turn; wait for it to finish, or call Interrupt.");
        }

        // Checked after taking the run: DisposeAsync either sees this run and waits for it, or we see the disposal.
        if (Volatile.Read(ref _disposed) == 1)
        {
            Volatile.Write(ref _running, 0);
            throw new ObjectDisposedException(nameof(AgentSession));
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _runDone, done);
        try
        {
            return await _loop.RunAsync(this, userText, events, cancellationToken);
        }
        finally
        {
            lock (_runLock)
            {
                _activeTurn = null;
            }

            if (!_interrupts.IsEmpty)
            {
                _interrupts.Clear();
            }

            Volatile.Write(ref _running, 0);
            done.TrySetResult();
        }
    }

    /// <summary>
    /// Runs one user turn like <see cref="RunAsync"/>, yielding its events as they happen.
    /// </summary>
    /// <param name="userText">The user's message.</param>
    /// <param name="cancellationToken">Cancels the run. Stopping the enumeration early also cancels it.</param>
    /// <returns>The run's events, ending with <c>done</c> or <c>error</c>.</returns>
    public async IAsyncEnumerable<AgentEvent> RunStreamingAsync(string userText, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userText);
        using var runCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var (channel, sink) = ChannelAgentEventSink.CreateBounded();
        var run = RunAndComplete();

        try
        {
            await foreach (var agentEvent in channel.Reader.ReadAllAsync(CancellationToken.None))
            {
                yield return agentEvent;
            }
        }
        finally
        {
            // The consumer stopped early (or finished): end the run, and keep reading so that the run's last
            // events never wait on a full channel nobody reads any more.
            await runCancellation.CancelAsync();
            try
            {
                while (await channel.Reader.WaitToReadAsync(CancellationToken.None))
                {
                    while (channel.Reader.TryRead(out _))
                    {
                    }
                }
            }
            catch (Exception)
            {
                // The run's failure was already delivered to the consumer, or the consumer left before it.
            }

            await run;
        }

        async Task RunAndComplete()
        {
            Exception? failure = null;
            try
            {
                await RunAsync(userText, sink, runCancellation.Token);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
            finally
            {
                channel.Writer.TryComplete(failure);
            }
        }
    }

    /// <summary>
    /// Interrupts the current run with new input: the turn in progress is cancelled (its history kept valid), an
    /// <c>interrupted</c> event is emitted, and a new run starts with <paramref name="feedback"/> as the user's message,
    /// with the full context so far.
    /// </summary>
    /// <param name="feedback">The user's new input.</param>
    /// <returns><see langword="true"/> if a run was in progress and will be redirected; <see langword="false"/> if none was.</returns>
    /// <exception cref="ArgumentException"><paramref name="feedback"/> is null or white space.</exception>
    public bool Interrupt(string feedback)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(feedback);
        lock (_runLock)
        {
            if (_activeTurn is null)
            {
                return false;
            }

            _interrupts.Enqueue(feedback);
            _activeTurn.Cancel();
            return true;
        }
    }

    /// <summary>Captures the session's history, usage and flags, for example to persist it.</summary>
    /// <returns>A snapshot; later changes to the session do not affect it.</returns>
    public AgentSessionState ExportState() => new()
    {
        Id = Id,
        WorkspacePath = WorkspacePath,
        Messages = [.. History],
        Usage = Usage,
        SystemPrompt = SystemPrompt,
        Preset = Preset,
        TeamsEnabled = TeamsEnabled,
        ApprovalEnabled = ApprovalEnabled,
        PlanMode = PlanMode,
        TracingEnabled = TracingEnabled,
    };

    /// <summary>
    /// Ends the session: a run in progress is cancelled (it ends with an <c>error</c> event "Cancelled") and awaited,
    /// then the session's service scope is disposed.
    /// </summary>
    /// <returns>A task that completes when the run has ended and the scope is disposed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        lock (_runLock)
        {
            _activeTurn?.Cancel();
        }

        if (IsRunning && Volatile.Read(ref _runDone) is { } runDone)
        {
            await runDone.Task;
        }

        await _scope.DisposeAsync();
    }
}
