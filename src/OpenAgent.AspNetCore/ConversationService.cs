using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAgent.Core;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Conversations;
using OpenAgent.Core.Prompts;
using OpenAgent.Core.Workspace;

namespace OpenAgent.AspNetCore;

/// <summary>
/// The web host's conversations: created and stored through <see cref="IConversationStore"/>, each in its own workspace
/// folder under <c>WorkspaceDir</c>, opened as an <see cref="AgentSession"/> while a socket uses it, and cleaned up
/// <c>WorkspaceCleanupDelay</c> after the last socket left (the state folders <c>.agent</c>, <c>.transcripts</c>,
/// <c>.tasks</c> and <c>.team</c> are kept). Stopping the host cancels running turns, saves every history and ends every
/// session (background jobs and teammates stop).
/// </summary>
public sealed partial class ConversationService : IHostedService, IAsyncDisposable
{
    private readonly IConversationStore _store;
    private readonly AgentSessionFactory _factory;
    private readonly OpenAgentOptions _options;
    private readonly MemoryUpdater _memory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Task<LiveConversation?>> _live = new(StringComparer.Ordinal);
    private Task? _stopping;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="store">Where conversations are kept.</param>
    /// <param name="factory">Opens sessions.</param>
    /// <param name="options">The SDK options (<c>WorkspaceDir</c>, <c>WorkspaceCleanupDelay</c>, <c>EnableMemory</c>).</param>
    /// <param name="memory">Saves what the agent learned when a conversation's session ends.</param>
    /// <param name="timeProvider">The clock for clean-up delays and timestamps.</param>
    /// <param name="logger">Where it logs.</param>
    public ConversationService(IConversationStore store, AgentSessionFactory factory, IOptions<OpenAgentOptions> options, MemoryUpdater memory, TimeProvider timeProvider, ILogger<ConversationService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _factory = factory;
        _options = options.Value;
        _memory = memory;
        _time = timeProvider;
        _logger = logger;
    }

    /// <summary>Gets how many conversations have a session open in this process (for tests and health checks).</summary>
    public int OpenSessionCount => _live.Count;

    /// <summary>Gets the folder that holds every conversation's workspace.</summary>
    public string WorkspacesRoot => Path.GetFullPath(_options.WorkspaceDir);

    /// <summary>Gets the workspace folder of a conversation.</summary>
    /// <param name="id">The conversation id.</param>
    /// <returns>The full path.</returns>
    public string WorkspaceOf(string id) => Path.Combine(WorkspacesRoot, id);

    /// <summary>Creates and stores a conversation.</summary>
    /// <param name="request">Its options.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The new conversation.</returns>
    public async Task<ConversationRecord> CreateAsync(CreateChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var now = _time.GetUtcNow();
        var record = new ConversationRecord
        {
            Id = id,
            CreatedAt = now,
            UpdatedAt = now,
            State = new AgentSessionState
            {
                Id = id,
                WorkspacePath = WorkspaceOf(id),
                SystemPrompt = string.IsNullOrWhiteSpace(request.SystemPrompt) ? null : request.SystemPrompt,
                Preset = string.IsNullOrWhiteSpace(request.Preset) ? _options.DefaultPreset : request.Preset,
                TeamsEnabled = request.EnableTeams,
                TracingEnabled = request.EnableTracing,
                ApprovalEnabled = request.EnableApproval,
                PlanMode = request.EnablePlanMode,
            },
        };
        await _store.SaveAsync(record, cancellationToken).ConfigureAwait(false);
        return record;
    }

    /// <summary>Gets a conversation: the live state when its session is open, else the stored one.</summary>
    /// <param name="id">The conversation id.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The conversation, or <see langword="null"/>.</returns>
    public async Task<ConversationRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (_live.TryGetValue(id, out var opening) && await opening.ConfigureAwait(false) is { } live)
        {
            return new ConversationRecord
            {
                Id = id,
                Title = live.Record.Title,
                CreatedAt = live.Record.CreatedAt,
                UpdatedAt = live.Record.UpdatedAt,
                State = live.Session.ExportState(),
            };
        }

        return await _store.GetAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lists the conversations, newest first; open ones as they are now, not as last saved.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The conversations.</returns>
    public async Task<IReadOnlyList<ConversationSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var stored = await _store.ListAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<ConversationSummary>(stored.Count);
        foreach (var summary in stored)
        {
            if (_live.TryGetValue(summary.Id, out var opening) && opening.IsCompletedSuccessfully && opening.Result is { } live)
            {
                var history = live.Session.History;
                list.Add(summary with { Title = live.Record.Title ?? ConversationRecord.TitleFrom(history), MessageCount = history.Count });
            }
            else
            {
                list.Add(summary);
            }
        }

        return list;
    }

    /// <summary>Deletes a conversation: ends its session, removes it from the store, and deletes its workspace.</summary>
    /// <param name="id">The conversation id.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>Whether it existed.</returns>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        if (_live.TryRemove(id, out var opening) && await opening.ConfigureAwait(false) is { } live && live.TryEnd(force: true))
        {
            // Its socket closes, and its last save is skipped: a deleted conversation must not come back.
            await live.Deleted.CancelAsync().ConfigureAwait(false);
            await EndAsync(live, save: false).ConfigureAwait(false);
        }

        var existed = await _store.DeleteAsync(id, cancellationToken).ConfigureAwait(false);
        var workspace = WorkspaceOf(id);
        if (existed && Directory.Exists(workspace))
        {
            Directory.Delete(workspace, recursive: true);
        }

        return existed;
    }

    /// <summary>Opens a conversation and attaches a socket to it: one socket at a time.</summary>
    internal async Task<(LiveConversation? Live, AttachResult Result)> AttachAsync(string id, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _stopping) is not null, this);
        while (true)
        {
            var opening = _live.GetOrAdd(id, key => LoadAsync(key, cancellationToken));
            var live = await opening.ConfigureAwait(false);
            if (live is null)
            {
                _live.TryRemove(new(id, opening));
                return (null, AttachResult.NotFound);
            }

            if (live.TryAttach(out var ended))
            {
                return (live, AttachResult.Attached);
            }

            if (!ended)
            {
                return (live, AttachResult.Busy);
            }

            // Its clean-up is ending that session: open the conversation afresh.
            _live.TryRemove(new(id, opening));
            await Task.Yield();
        }
    }

    private async Task<LiveConversation?> LoadAsync(string id, CancellationToken cancellationToken)
    {
        var record = await _store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }

        // Each conversation has its own folder, wherever the stored state says it was.
        record.State.WorkspacePath = WorkspaceOf(id);
        return new LiveConversation(record, _factory.RestoreSession(record.State));
    }

    /// <summary>Saves a live conversation's history, flags and usage; titles it after its first user message.</summary>
    /// <param name="live">The conversation.</param>
    /// <param name="last">The session is ending: nothing is saved after this.</param>
    internal async Task SaveAsync(LiveConversation live, bool last = false)
    {
        await live.SaveGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (live.Deleted.IsCancellationRequested || live.Closed)
            {
                return;
            }

            live.Closed = last;

            var state = live.Session.ExportState();
            live.Record.State = state;
            live.Record.UpdatedAt = _time.GetUtcNow();
            live.Record.Title ??= ConversationRecord.TitleFrom(state.Messages);

            await _store.SaveAsync(live.Record, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSaveFailed(_logger, live.Id, ex);
        }
        finally
        {
            live.SaveGate.Release();
        }
    }

    /// <summary>The socket left: save, and clean up after <c>WorkspaceCleanupDelay</c> unless another socket comes.</summary>
    internal async Task ReleaseAsync(LiveConversation live)
    {
        await SaveAsync(live).ConfigureAwait(false);
        var cleanup = new CancellationTokenSource();
        live.Detach(cleanup);
        _ = CleanUpLaterAsync(live, cleanup.Token);
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    /// <remarks>Every caller waits for the same shutdown: a host may stop twice at once (its own run loop and a test
    /// factory), and one that returned early would let the container be disposed under the last saves.</remarks>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Interlocked.CompareExchange(ref _stopping, stopping.Task, null) is { } already)
        {
            return already.WaitAsync(cancellationToken);
        }

        _ = EndAllAsync(stopping);
        return stopping.Task.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    private async Task EndAllAsync(TaskCompletionSource stopping)
    {
        try
        {
            await EndAllAsync().ConfigureAwait(false);
            stopping.SetResult();
        }
        catch (Exception ex)
        {
            stopping.SetException(ex);
        }
    }

    private async Task EndAllAsync()
    {
        var open = _live.Values.ToList();
        _live.Clear();
        foreach (var opening in open)
        {
            if (await opening.ConfigureAwait(false) is { } live && live.TryEnd(force: true))
            {
                await EndAsync(live, save: true).ConfigureAwait(false);
            }
        }
    }

    private async Task CleanUpLaterAsync(LiveConversation live, CancellationToken cancelled)
    {
        try
        {
            await Task.Delay(_options.WorkspaceCleanupDelay, _time, cancelled).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        if (!live.TryEnd())
        {
            return;
        }

        if (_live.TryGetValue(live.Id, out var current) && current.IsCompletedSuccessfully && ReferenceEquals(current.Result, live))
        {
            _live.TryRemove(new(live.Id, current));
        }

        if (_options.EnableMemory && live.Session.History.Count >= 2)
        {
            await _memory.UpdateAsync(live.Session, CancellationToken.None).ConfigureAwait(false);
        }

        await EndAsync(live, save: true).ConfigureAwait(false);
        CleanWorkspace(live.Session.WorkspacePath);
        LogCleanedUp(_logger, live.Id);
    }

    private async Task EndAsync(LiveConversation live, bool save)
    {
        if (live.RunCancellation is { } run)
        {
            try
            {
                await run.CancelAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // The run already ended.
            }
        }

        if (live.Run is { } task)
        {
            await task.ConfigureAwait(false);
        }

        if (save)
        {
            await SaveAsync(live, last: true).ConfigureAwait(false);
        }

        await live.Session.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Deletes everything at the workspace's root except the state folders.</summary>
    internal static void CleanWorkspace(string workspace)
    {
        if (!Directory.Exists(workspace))
        {
            return;
        }

        foreach (var entry in new DirectoryInfo(workspace).EnumerateFileSystemInfos())
        {
            if (WorkspaceFiles.StateFolders.Contains(entry.Name))
            {
                continue;
            }

            if (entry is DirectoryInfo directory && !entry.Attributes.HasFlag(FileAttributes.ReparsePoint))
            {
                directory.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }
        }
    }

    [LoggerMessage(EventId = 1000, Level = LogLevel.Error, Message = "Conversation {ConversationId} could not be saved.")]
    private static partial void LogSaveFailed(ILogger logger, string conversationId, Exception exception);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Conversation {ConversationId}: no client for the clean-up delay; session ended and workspace cleaned.")]
    private static partial void LogCleanedUp(ILogger logger, string conversationId);
}
