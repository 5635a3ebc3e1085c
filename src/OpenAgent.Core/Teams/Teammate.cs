using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Compaction;
using OpenAgent.Core.Events;
using OpenAgent.Core.Tasks;
using OpenAgent.Core.Tools;
using OpenAgent.Core.Tools.BuiltIn.Team;

namespace OpenAgent.Core.Teams;

/// <summary>
/// One teammate's life: WORK (drain the inbox, call the model, run its tools one by one) until it has nothing to do, then
/// IDLE (poll the inbox and the task board) until mail or an unclaimed task sends it back to WORK, a shutdown request
/// arrives, or the idle timeout ends it. All waiting goes through the session's <see cref="TimeProvider"/>.
/// </summary>
internal sealed partial class Teammate
{
    private static readonly string[] SharedTools = ["bash", "read_file", "write_file", "edit_file", "think", "task_list", "task_get", "task_update"];

    private readonly TeamManager _team;
    private readonly IChatClient _model;
    private readonly CancellationTokenSource _stop;
    private readonly ToolRegistry _tools;
    private readonly List<ChatMessage> _history;
    private readonly ChatMessage _system;
    private readonly ChatOptions _chatOptions;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IAgentEventSink _events;

    public Teammate(TeamManager team, string name, string role, string prompt, IChatClient model, CancellationToken lifetime)
    {
        _team = team;
        Name = name;
        Role = role;
        _model = model;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(lifetime);
        _events = AgentEventSink.Create((e, ct) => team.EmitAsync(e, ct));
        var session = team.Session;
        _tools = new ToolRegistry(
            [.. SharedTools.Select(n => session.Tools.TryGet(n, out var tool) ? tool : null).OfType<IToolHandler>(),
             new TeammateSendMessageTool(team, name), new ReadInboxTool(team, name), new IdleTool()]);
        _system = new ChatMessage(ChatRole.System,
            $"You are {name}, a teammate with the role \"{role}\" on team \"{team.TeamName}\", led by \"lead\". You work in " +
            $"{session.WorkspacePath} (paths are relative to it), alongside other teammates. Do what you are asked, and look at " +
            "the task board (task_list) for work: set a task in_progress when you start it and completed when it is done. " +
            "Report results and questions to the lead with send_message. When you have nothing left to do, call idle: you " +
            "will be woken by new mail or a new task.");
        _chatOptions = new ChatOptions
        {
            ModelId = team.Options.TeammateModelId ?? team.Options.ModelId,
            Temperature = team.Options.TeammateTemperature,
            MaxOutputTokens = team.Options.MaxOutputTokens,
            Tools = _tools.GetDeclarations(),
        };
        _history = [new ChatMessage(ChatRole.User, prompt)];
    }

    public string Name { get; }

    public string Role { get; }

    public Task Completion => _completion.Task;

    /// <summary>Set by the <c>idle</c> tool: go idle after this batch of tool calls.</summary>
    internal bool IdleRequested { get; set; }

    public void Start() => _ = Task.Run(RunAsync, CancellationToken.None);

    public void Stop()
    {
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already finished.
        }
    }

    private async Task RunAsync()
    {
        var token = _stop.Token;
        var final = TeammateStatus.Idle;
        try
        {
            while (true)
            {
                if (await WorkAsync(token).ConfigureAwait(false))
                {
                    final = TeammateStatus.Shutdown;
                    break;
                }

                await SetStatusAsync(TeammateStatus.Idle, token).ConfigureAwait(false);
                if (!await IdleAsync(token).ConfigureAwait(false))
                {
                    final = TeammateStatus.Shutdown;
                    break;
                }

                await SetStatusAsync(TeammateStatus.Working, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopped by the team (session ending, or replaced by a new spawn).
            final = TeammateStatus.Shutdown;
        }
        catch (Exception ex)
        {
            LogCrashed(_team.Logger, Name, ex);
        }
        finally
        {
            if (_team.IsCurrent(this))
            {
                await SetStatusAsync(final, CancellationToken.None).ConfigureAwait(false);
            }

            _team.Finished(this);
            _completion.TrySetResult();
            _stop.Dispose();
        }
    }

    /// <summary>WORK: returns true when the teammate must shut down, false when it goes idle.</summary>
    private async Task<bool> WorkAsync(CancellationToken cancellationToken)
    {
        var threshold = (long)(_team.Options.ContextWindow * _team.Options.CompactThreshold);
        for (var turn = 0; turn < _team.Options.MaxTurns; turn++)
        {
            if (await DrainInboxAsync(cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            _team.Compaction.MicroCompact(_history);
            List<ChatMessage> request = [_system, .. _history];
            ChatResponse response;
            try
            {
                response = await _model.GetResponseAsync(request, _chatOptions, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogModelFailed(_team.Logger, Name, ex.Message);
                return false;
            }

            var reply = AgentLoop.ToSingleAssistantMessage(response);
            var usage = TokenEstimator.UsageOf(response.Usage, request, reply);
            _history.Add(reply);
            var calls = reply.Contents.OfType<FunctionCallContent>().ToList();
            if (calls.Count == 0)
            {
                return false;
            }

            IdleRequested = false;
            var results = new List<AIContent>(calls.Count);
            foreach (var call in calls)
            {
                results.Add(new FunctionResultContent(call.CallId, (await InvokeAsync(call, cancellationToken).ConfigureAwait(false)).Content));
            }

            _history.Add(new ChatMessage(ChatRole.Tool, results));
            if (usage.InputTokens > threshold)
            {
                await _team.Compaction.CompactAsync(
                    new CompactionContext(_team.Session, _history, CompactionTrigger.Automatic, usage.InputTokens, null, AgentEventSink.Null),
                    cancellationToken).ConfigureAwait(false);
                InsertIdentity();
            }

            if (IdleRequested)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>IDLE: returns true to go back to work, false to shut down.</summary>
    private async Task<bool> IdleAsync(CancellationToken cancellationToken)
    {
        var options = _team.Options;
        var time = _team.Time;
        var waited = TimeSpan.Zero;
        while (true)
        {
            if (_team.Bus.Pending(Name) > 0)
            {
                return !await DrainInboxAsync(cancellationToken).ConfigureAwait(false);
            }

            if (await TryClaimTaskAsync(cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            if (waited >= options.TeammateIdleTimeout)
            {
                LogIdleTimeout(_team.Logger, Name, options.TeammateIdleTimeout.TotalSeconds);
                return false;
            }

            using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var mail = _team.Bus.WaitForMailAsync(Name, wake.Token);
            var tick = Task.Delay(options.TeammatePollInterval, time, wake.Token);
            var first = await Task.WhenAny(mail, tick).ConfigureAwait(false);
            await wake.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (first == tick)
            {
                waited += options.TeammatePollInterval;
            }
        }
    }

    /// <summary>Moves waiting mail into the conversation; returns true when a shutdown request was among it.</summary>
    private async Task<bool> DrainInboxAsync(CancellationToken cancellationToken)
    {
        var messages = await _team.Bus.ReadInboxAsync(Name, cancellationToken).ConfigureAwait(false);
        foreach (var message in messages)
        {
            if (message.Type == TeamMessageTypes.ShutdownRequest)
            {
                await AcceptShutdownAsync(message).ConfigureAwait(false);
                return true;
            }

            _history.Add(new ChatMessage(ChatRole.User,
                $"<inbox-message>{JsonSerializer.Serialize(message, TeamJsonContext.Default.TeamMessage)}</inbox-message>"));
            _history.Add(new ChatMessage(ChatRole.Assistant, $"Read the {message.Type} from {message.Sender}."));
        }

        return false;
    }

    private async Task AcceptShutdownAsync(TeamMessage message)
    {
        var requestId = message.Extra.TryGetValue("request_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        if (requestId is not null && _team.Protocols.Get(requestId) is { Status: "pending" })
        {
            _team.Protocols.Resolve(requestId, approved: true, $"{Name} stopped.");
        }

        await _team.Bus.SendAsync(Name, MessageBus.Lead, $"{Name} is shutting down as requested.", TeamMessageTypes.ShutdownResponse,
            TeamManager.Extra(("request_id", requestId), ("approve", true)), CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<bool> TryClaimTaskAsync(CancellationToken cancellationToken)
    {
        var board = _team.Session.Services.GetRequiredService<TaskBoard>();
        foreach (var task in board.ListUnclaimed())
        {
            TaskRecord claimed;
            try
            {
                claimed = await board.ClaimAsync(task.Id, Name, cancellationToken).ConfigureAwait(false);
            }
            catch (TaskBoardException)
            {
                // Another teammate was quicker, or it became blocked: try the next one.
                continue;
            }

            if (_history.Count <= 3)
            {
                InsertIdentity();
            }

            var text = claimed.Description.Length > 0 ? $"{claimed.Subject}\n{claimed.Description}" : claimed.Subject;
            _history.Add(new ChatMessage(ChatRole.User, $"<auto-claimed>Task #{claimed.Id}: {text}</auto-claimed>"));
            _history.Add(new ChatMessage(ChatRole.Assistant, $"I have claimed task #{claimed.Id} and will work on it."));
            await _team.EmitAsync(new TaskUpdateEvent(board.List()), cancellationToken).ConfigureAwait(false);
            return true;
        }

        return false;
    }

    /// <summary>Puts who the teammate is at the front of a conversation that lost it to compaction or never had much.</summary>
    private void InsertIdentity()
    {
        _history.InsertRange(0,
        [
            new ChatMessage(ChatRole.User,
                $"<identity>You are {Name}, role \"{Role}\", on team \"{_team.TeamName}\", led by \"lead\". Keep working on the team's tasks.</identity>"),
            new ChatMessage(ChatRole.Assistant, $"Understood: I am {Name}, the {Role}."),
        ]);
    }

    private Task<ToolResult> InvokeAsync(FunctionCallContent call, CancellationToken cancellationToken) =>
        AgentLoop.InvokeForAsync(_team.Session, _tools, call, _events, caller: this, cancellationToken);

    private async ValueTask SetStatusAsync(string status, CancellationToken cancellationToken)
    {
        if (_team.IsCurrent(this))
        {
            await _team.SetStatusAsync(Name, status, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 920, Level = LogLevel.Warning, Message = "Teammate {Name}: the model call failed, going idle: {Error}")]
    private static partial void LogModelFailed(ILogger logger, string name, string error);

    [LoggerMessage(EventId = 921, Level = LogLevel.Information, Message = "Teammate {Name} was idle for {Seconds} s and shuts down.")]
    private static partial void LogIdleTimeout(ILogger logger, string name, double seconds);

    [LoggerMessage(EventId = 922, Level = LogLevel.Error, Message = "Teammate {Name} stopped on an unexpected error.")]
    private static partial void LogCrashed(ILogger logger, string name, Exception exception);
}
