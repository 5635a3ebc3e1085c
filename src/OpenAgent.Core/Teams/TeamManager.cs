using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Compaction;
using OpenAgent.Core.DependencyInjection;
using OpenAgent.Core.Events;
using OpenAgent.Core.Workspace;

namespace OpenAgent.Core.Teams;

/// <summary>
/// A session's team: the roster (<c>.team/config.json</c>), the <see cref="MessageBus"/> (<c>.team/inbox/</c>), the
/// <see cref="ProtocolTracker"/>, and the running teammates. One per session (a scoped service), created only when the
/// session has teams on and a team tool or the lead's inbox first needs it. Disposing it (the session ending) shuts every
/// teammate down within <c>TeamShutdownTimeout</c>.
/// </summary>
public sealed partial class TeamManager : IAsyncDisposable
{
    /// <summary>The team's folder in the workspace.</summary>
    public const string FolderName = ".team";

    private const string DefaultTeamName = "default";

    private readonly AgentSession _session;
    private readonly OpenAgentOptions _options;
    private readonly CompactionStrategy _compaction;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TeamMember> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Teammate> _running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly SemaphoreSlim _saveGate = new(1, 1);
    private readonly SemaphoreSlim _emitGate = new(1, 1);
    private string _teamName = DefaultTeamName;
    private int _disposed;

    /// <summary>Initializes a new instance for <paramref name="session"/>, restoring its roster and persisted mail.</summary>
    /// <param name="session">The lead's session.</param>
    /// <param name="options">The SDK options.</param>
    /// <param name="compaction">Keeps teammates' contexts small.</param>
    /// <param name="timeProvider">The clock for idle polling and timeouts.</param>
    /// <param name="loggerFactory">Where the team logs.</param>
    public TeamManager(AgentSession session, IOptions<OpenAgentOptions> options, CompactionStrategy compaction, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(compaction);
        _session = session;
        _options = options.Value;
        _compaction = compaction;
        _time = timeProvider ?? TimeProvider.System;
        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<TeamManager>();
        Folder = Path.Combine(session.WorkspacePath, FolderName);
        Bus = new MessageBus(Path.Combine(Folder, "inbox"), _time, _logger);
        LoadRoster();
    }

    /// <summary>Gets the team's folder.</summary>
    public string Folder { get; }

    /// <summary>Gets the team's mail.</summary>
    public MessageBus Bus { get; }

    /// <summary>Gets the team's protocol requests.</summary>
    public ProtocolTracker Protocols { get; } = new();

    /// <summary>Gets the roster, in the order members joined.</summary>
    public IReadOnlyList<TeamMember> Members
    {
        get
        {
            lock (_gate)
            {
                return [.. _members.Values];
            }
        }
    }

    /// <summary>Gets the names of members that are not shut down (who a broadcast reaches).</summary>
    public IReadOnlyList<string> ActiveMemberNames =>
        [.. Members.Where(m => m.Status != TeammateStatus.Shutdown).Select(m => m.Name)];

    internal AgentSession Session => _session;

    internal OpenAgentOptions Options => _options;

    internal CompactionStrategy Compaction => _compaction;

    internal TimeProvider Time => _time;

    internal ILogger Logger => _logger;

    internal string TeamName => _teamName;

    /// <summary>
    /// Starts a teammate. A name that is idle or shut down may be spawned again (with a fresh conversation); a working one
    /// may not; at most <c>MaxTeammates</c> may be working or idle at once.
    /// </summary>
    /// <param name="name">Its name: 1 to 32 letters, digits, <c>-</c> or <c>_</c>, and not <c>lead</c>.</param>
    /// <param name="role">What it is for.</param>
    /// <param name="prompt">Its first instructions.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The member as spawned.</returns>
    /// <exception cref="TeamException">The name is invalid or busy, or the team is full.</exception>
    public async Task<TeamMember> SpawnAsync(string name, string role, string prompt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        ArgumentException.ThrowIfNullOrWhiteSpace(prompt);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        if (!SafeName().IsMatch(name) || name == MessageBus.Lead)
        {
            throw new TeamException($"'{name}' is not a valid teammate name: use 1 to 32 letters, digits, '-' or '_' (and not 'lead').");
        }

        Teammate teammate;
        TeamMember member;
        lock (_gate)
        {
            if (_members.TryGetValue(name, out var existing) && existing.Status == TeammateStatus.Working)
            {
                throw new TeamException($"Teammate '{name}' is currently working; send it a message instead, or wait until it is idle.");
            }

            var active = _members.Values.Count(m => m.Status != TeammateStatus.Shutdown && m.Name != name);
            if (active >= _options.MaxTeammates)
            {
                throw new TeamException(
                    $"The team is full: {active} of {_options.MaxTeammates} teammates are working or idle. Shut one down before spawning another.");
            }

            // An idle teammate of that name is replaced: its loop stops and a fresh one starts.
            if (_running.Remove(name, out var previous))
            {
                previous.Stop();
            }

            member = new TeamMember(name, role, TeammateStatus.Working);
            _members[name] = member;
            teammate = new Teammate(this, name, role, prompt, ModelFor(), _lifetime.Token);
            _running[name] = teammate;
        }

        await SaveRosterAsync(cancellationToken).ConfigureAwait(false);
        await EmitAsync(new TeammateStatusEvent(name, role, TeammateStatus.Working), cancellationToken).ConfigureAwait(false);
        LogSpawned(_logger, _session.Id, name, role);
        teammate.Start();
        return member;
    }

    /// <summary>The roster as text: the team's name, then <c>  name (role): status</c> per member.</summary>
    /// <returns>The text.</returns>
    public string Describe()
    {
        var members = Members;
        var text = new StringBuilder($"Team: {_teamName}");
        if (members.Count == 0)
        {
            return text.Append("\n  (no teammates yet)").ToString();
        }

        foreach (var member in members)
        {
            text.Append("\n  ").Append(member.Name).Append(" (").Append(member.Role).Append("): ").Append(member.Status);
        }

        return text.ToString();
    }

    /// <summary>Gets a member by name.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The member, or <see langword="null"/>.</returns>
    public TeamMember? Get(string name)
    {
        lock (_gate)
        {
            return _members.TryGetValue(name, out var member) ? member : null;
        }
    }

    /// <summary>
    /// Asks a teammate to stop: opens a <c>shutdown</c> request and mails it. The teammate acts on it before its next model
    /// call, or at once when idle, answers with <c>shutdown_response</c>, and the request becomes <c>approved</c>. A teammate
    /// that is already shut down approves at once.
    /// </summary>
    /// <param name="name">The teammate.</param>
    /// <param name="reason">Why, for the teammate to read.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The request.</returns>
    /// <exception cref="TeamException">There is no teammate of that name.</exception>
    public async Task<ProtocolRequest> RequestShutdownAsync(string name, string? reason = null, CancellationToken cancellationToken = default)
    {
        var member = Get(name) ?? throw new TeamException($"There is no teammate named '{name}'. {Describe()}");
        var request = Protocols.Create(ProtocolTracker.Shutdown, name, reason ?? "Please finish up and stop.");
        if (member.Status == TeammateStatus.Shutdown)
        {
            return Protocols.Resolve(request.Id, approved: true, "It had already shut down.");
        }

        await Bus.SendAsync(MessageBus.Lead, name, request.Payload, TeamMessageTypes.ShutdownRequest,
            Extra(("request_id", request.Id)), cancellationToken).ConfigureAwait(false);
        return request;
    }

    /// <summary>Stops every teammate, waiting at most <c>TeamShutdownTimeout</c>; each ends <c>shutdown</c>.</summary>
    /// <returns>A task that completes when they have stopped or the time is up.</returns>
    public async Task ShutdownAllAsync()
    {
        List<Teammate> running;
        lock (_gate)
        {
            running = [.. _running.Values];
        }

        foreach (var teammate in running)
        {
            teammate.Stop();
        }

        try
        {
            await Task.WhenAll(running.Select(t => t.Completion)).WaitAsync(_options.TeamShutdownTimeout, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogShutdownSlow(_logger, _session.Id, _options.TeamShutdownTimeout.TotalSeconds);
        }

        foreach (var member in Members.Where(m => m.Status != TeammateStatus.Shutdown))
        {
            await SetStatusAsync(member.Name, TeammateStatus.Shutdown, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Shuts every teammate down; persisted mail stays on disk for the next session.</summary>
    /// <returns>A task that completes when they have stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await ShutdownAllAsync().ConfigureAwait(false);
        await _lifetime.CancelAsync().ConfigureAwait(false);
        _lifetime.Dispose();
    }

    internal async ValueTask SetStatusAsync(string name, string status, CancellationToken cancellationToken)
    {
        TeamMember member;
        lock (_gate)
        {
            if (!_members.TryGetValue(name, out var current) || current.Status == status)
            {
                return;
            }

            member = current with { Status = status };
            _members[name] = member;
            if (status == TeammateStatus.Shutdown && _running.TryGetValue(name, out var teammate) && teammate.Completion.IsCompleted)
            {
                _running.Remove(name);
            }
        }

        await SaveRosterAsync(cancellationToken).ConfigureAwait(false);
        await EmitAsync(new TeammateStatusEvent(member.Name, member.Role, status), cancellationToken).ConfigureAwait(false);
    }

    internal void Finished(Teammate teammate)
    {
        lock (_gate)
        {
            if (_running.TryGetValue(teammate.Name, out var current) && ReferenceEquals(current, teammate))
            {
                _running.Remove(teammate.Name);
            }
        }
    }

    internal bool IsCurrent(Teammate teammate)
    {
        lock (_gate)
        {
            return _running.TryGetValue(teammate.Name, out var current) && ReferenceEquals(current, teammate);
        }
    }

    /// <summary>Reports an event raised by the team, outside the lead's own steps.</summary>
    internal async ValueTask EmitAsync(AgentEvent agentEvent, CancellationToken cancellationToken)
    {
        await _emitGate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await _session.EmitOutsideRunAsync(agentEvent, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _emitGate.Release();
        }
    }

    internal static Dictionary<string, JsonElement> Extra(params (string Key, object? Value)[] values)
    {
        var extra = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            extra[key] = value switch
            {
                bool b => JsonSerializer.SerializeToElement(b, TeamJsonContext.Default.Boolean),
                string s => JsonSerializer.SerializeToElement(s, TeamJsonContext.Default.String),
                null => JsonSerializer.SerializeToElement<string?>(null, TeamJsonContext.Default.String),
                _ => JsonSerializer.SerializeToElement(value.ToString(), TeamJsonContext.Default.String),
            };
        }

        return extra;
    }

    private IChatClient ModelFor()
    {
        var model = _session.Services.GetKeyedService<IChatClient>(OpenAgentChatClientKeys.Teammate) ?? _session.Services.GetRequiredService<IChatClient>();
        return _session.Traced(model, AgentEventSink.Create((e, ct) => EmitAsync(e, ct)));
    }

    private void LoadRoster()
    {
        var file = Path.Combine(Folder, "config.json");
        if (!File.Exists(file))
        {
            return;
        }

        try
        {
            var roster = JsonSerializer.Deserialize(File.ReadAllText(file), TeamJsonContext.Default.TeamRoster);
            _teamName = roster?.TeamName is { Length: > 0 } teamName ? teamName : DefaultTeamName;
            foreach (var member in roster?.Members ?? [])
            {
                if (member is { Name.Length: > 0 } && SafeName().IsMatch(member.Name))
                {
                    // No loop runs for them in this process: they are listed as shut down, and can be spawned again.
                    _members[member.Name] = member with { Status = TeammateStatus.Shutdown };
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            LogBadRoster(_logger, file, ex.Message);
        }
    }

    private async Task SaveRosterAsync(CancellationToken cancellationToken)
    {
        await _saveGate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            var roster = new TeamRoster(_teamName, Members);
            await AtomicFile.WriteAllTextAsync(Path.Combine(Folder, "config.json"),
                JsonSerializer.Serialize(roster, TeamJsonContext.Default.TeamRoster), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _saveGate.Release();
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeName();

    [LoggerMessage(EventId = 910, Level = LogLevel.Information, Message = "Session {SessionId}: teammate {Name} ({Role}) spawned.")]
    private static partial void LogSpawned(ILogger logger, string sessionId, string name, string role);

    [LoggerMessage(EventId = 911, Level = LogLevel.Warning, Message = "Session {SessionId}: teammates did not stop within {Seconds} s; they are marked shut down and will stop at their next step.")]
    private static partial void LogShutdownSlow(ILogger logger, string sessionId, double seconds);

    [LoggerMessage(EventId = 912, Level = LogLevel.Warning, Message = "The team roster {File} could not be read and starts empty: {Error}")]
    private static partial void LogBadRoster(ILogger logger, string file, string error);
}
