using System;
using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Events;

namespace OpenAgent.AspNetCore;

/// <summary>
/// One client's WebSocket on one conversation: reads client messages (<c>message</c>, <c>interrupt</c>, <c>cancel</c>,
/// <c>tool_approval_response</c>, <c>toggle_*</c>, <c>plan_approval</c>) and writes every event as the seed's JSON.
/// Runs go on in the background so the client can interrupt, cancel or approve while one is going.
/// </summary>
internal sealed partial class ConversationSocket
{
    private const string ApprovedPlanRequest = "The plan is approved. Carry it out now, step by step.";

    private readonly WebSocket _socket;
    private readonly LiveConversation _live;
    private readonly ConversationService _conversations;
    private readonly OpenAgentWebOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<AgentEvent> _outgoing = Channel.CreateBounded<AgentEvent>(
        new BoundedChannelOptions(1024) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly SocketApprover _approver = new();
    private readonly ChannelAgentEventSink _sink;
    private readonly Lock _runGate = new();

    public ConversationSocket(WebSocket socket, LiveConversation live, ConversationService conversations, OpenAgentWebOptions options, ILogger logger)
    {
        _socket = socket;
        _live = live;
        _conversations = conversations;
        _options = options;
        _logger = logger;
        _sink = new ChannelAgentEventSink(_outgoing.Writer);
    }

    private AgentSession Session => _live.Session;

    /// <summary>Serves the socket until the client leaves.</summary>
    /// <param name="aborted">The connection is gone.</param>
    /// <param name="deleted">The conversation was deleted: close with 4410.</param>
    /// <param name="stopping">The host is stopping: close with 1001.</param>
    public async Task RunAsync(CancellationToken aborted, CancellationToken deleted, CancellationToken stopping)
    {
        Session.Approver = _approver;
        Session.BackgroundEvents = _sink;
        var sender = SendLoopAsync();

        // Closing politely: stop sending events, send a close frame with the reason, and give the client a moment to answer.
        using var receive = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        void Close(WebSocketCloseStatus status, string reason)
        {
            _ = CloseAfterEventsAsync(sender, status, reason);
            receive.CancelAfter(TimeSpan.FromSeconds(5));
        }

        using var onDeleted = deleted.Register(() => Close((WebSocketCloseStatus)4410, "The conversation was deleted."));
        using var onStopping = stopping.Register(() => Close(WebSocketCloseStatus.EndpointUnavailable, "The server is shutting down."));
        try
        {
            await ReceiveLoopAsync(receive.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or System.IO.IOException)
        {
            // The client went away.
        }
        finally
        {
            // A client that leaves mid-run cancels the run; its history up to that point is saved.
            await StopRunAsync().ConfigureAwait(false);
            Session.BackgroundEvents = null;
            Session.Approver = null;
            _outgoing.Writer.TryComplete();
            await sender.ConfigureAwait(false);
            await _conversations.ReleaseAsync(_live).ConfigureAwait(false);
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken aborted)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (_socket.State == WebSocketState.Open)
        {
            buffer.ResetWrittenCount();
            ValueWebSocketReceiveResult result;
            do
            {
                var memory = buffer.GetMemory(4096);
                result = await _socket.ReceiveAsync(memory[..Math.Min(memory.Length, 16 * 1024)], aborted).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await CloseAsync(WebSocketCloseStatus.NormalClosure, "bye").ConfigureAwait(false);
                    return;
                }

                buffer.Advance(result.Count);
                if (buffer.WrittenCount > _options.MaxMessageBytes)
                {
                    LogTooBig(_logger, _live.Id, _options.MaxMessageBytes);
                    await CloseAsync(WebSocketCloseStatus.MessageTooBig, $"Messages may be at most {_options.MaxMessageBytes} bytes.").ConfigureAwait(false);
                    return;
                }
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Binary)
            {
                await EmitAsync(new ErrorEvent("Binary messages are not supported: send JSON text.")).ConfigureAwait(false);
                continue;
            }

            await HandleAsync(Encoding.UTF8.GetString(buffer.WrittenSpan)).ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(string text)
    {
        ClientMessage message;
        try
        {
            message = ClientMessage.Parse(text);
        }
        catch (FormatException ex)
        {
            await EmitAsync(new ErrorEvent(ex.Message)).ConfigureAwait(false);
            return;
        }

        switch (message.Type)
        {
            case "message":
                if (string.IsNullOrWhiteSpace(message.Content))
                {
                    await EmitAsync(new ErrorEvent("Empty message: send some text.")).ConfigureAwait(false);
                }
                else if (!await StartRunAsync(message.Content).ConfigureAwait(false))
                {
                    await EmitAsync(new ErrorEvent("A run is in progress: send interrupt to redirect it, or cancel to stop it.")).ConfigureAwait(false);
                }

                break;
            case "interrupt":
                if (string.IsNullOrWhiteSpace(message.Content))
                {
                    await EmitAsync(new ErrorEvent("Empty interrupt: send the new instructions as content.")).ConfigureAwait(false);
                }
                else if (!Session.Interrupt(message.Content) && !await StartRunAsync(message.Content).ConfigureAwait(false))
                {
                    await EmitAsync(new ErrorEvent("The run is ending; send the message again.")).ConfigureAwait(false);
                }

                break;
            case "cancel":
                await CancelRunAsync().ConfigureAwait(false);
                break;
            case "tool_approval_response":
                var decision = message.Decision switch
                {
                    "approve" => ToolApprovalDecision.Approve,
                    "auto_approve" => ToolApprovalDecision.ApproveAll,
                    _ => ToolApprovalDecision.Deny,
                };
                if (!_approver.TryAnswer(decision, message.Id))
                {
                    await EmitAsync(new ErrorEvent("No tool approval is waiting for an answer.")).ConfigureAwait(false);
                }

                break;
            case "toggle_plan_mode":
                Session.PlanMode = message.Enabled;
                await EmitAsync(new PlanModeChangedEvent(message.Enabled)).ConfigureAwait(false);
                await _conversations.SaveAsync(_live).ConfigureAwait(false);
                break;
            case "toggle_teams":
                Session.TeamsEnabled = message.Enabled;
                await EmitAsync(new TeamsChangedEvent(message.Enabled)).ConfigureAwait(false);
                await _conversations.SaveAsync(_live).ConfigureAwait(false);
                break;
            case "toggle_approval":
                Session.ApprovalEnabled = message.Enabled;
                await EmitAsync(new ApprovalChangedEvent(message.Enabled)).ConfigureAwait(false);
                await _conversations.SaveAsync(_live).ConfigureAwait(false);
                break;
            case "plan_approval":
                await HandlePlanApprovalAsync(message).ConfigureAwait(false);
                break;
            default:
                await EmitAsync(new ErrorEvent(
                    $"Unknown message type '{message.Type}': use message, interrupt, cancel, tool_approval_response, toggle_plan_mode, toggle_teams, toggle_approval or plan_approval.")).ConfigureAwait(false);
                break;
        }
    }

    private async Task HandlePlanApprovalAsync(ClientMessage message)
    {
        if (IsRunning())
        {
            await EmitAsync(new ErrorEvent("A run is in progress: answer the plan when it has finished.")).ConfigureAwait(false);
            return;
        }

        if (message.Decision == "approve")
        {
            Session.PlanMode = false;
            await EmitAsync(new PlanApprovedEvent()).ConfigureAwait(false);
            await EmitAsync(new PlanModeChangedEvent(false)).ConfigureAwait(false);
            await StartRunAsync(ApprovedPlanRequest).ConfigureAwait(false);
            return;
        }

        var feedback = message.Feedback ?? string.Empty;
        await EmitAsync(new PlanRejectedEvent(feedback)).ConfigureAwait(false);
        if (feedback.Length > 0)
        {
            await StartRunAsync($"The plan was not approved. Feedback: {feedback}\nRevise the plan to address it, then submit it again.").ConfigureAwait(false);
        }
    }

    private bool IsRunning()
    {
        lock (_runGate)
        {
            return _live.Run is { IsCompleted: false } && !_live.RunFinishing;
        }
    }

    /// <summary>Starts a run; a run that already sent done (or error) and is only saving is waited for first.</summary>
    private async Task<bool> StartRunAsync(string text)
    {
        if (TryStartRun(text))
        {
            return true;
        }

        Task? finishing;
        lock (_runGate)
        {
            finishing = _live.RunFinishing ? _live.Run : null;
        }

        if (finishing is null)
        {
            return false;
        }

        await finishing.ConfigureAwait(false);
        return TryStartRun(text);
    }

    private bool TryStartRun(string text)
    {
        lock (_runGate)
        {
            if (_live.Run is { IsCompleted: false })
            {
                return false;
            }

            _live.RunCancellation?.Dispose();
            var cancellation = new CancellationTokenSource();
            _live.RunCancellation = cancellation;
            _live.RunFinishing = false;
            _live.Run = Task.Run(() => RunTurnAsync(text, cancellation.Token));
            return true;
        }
    }

    private async Task RunTurnAsync(string text, CancellationToken cancellationToken)
    {
        try
        {
            await Session.RunAsync(text, AgentEventSink.Create(async (e, ct) =>
            {
                if (e is DoneEvent or ErrorEvent)
                {
                    lock (_runGate)
                    {
                        _live.RunFinishing = true;
                    }
                }

                await _sink.EmitAsync(e, ct).ConfigureAwait(false);
            }), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRunFailed(_logger, _live.Id, ex);
            await EmitAsync(new ErrorEvent($"The run failed: {ex.Message}")).ConfigureAwait(false);
        }
        finally
        {
            await _conversations.SaveAsync(_live).ConfigureAwait(false);
        }
    }

    private async Task CancelRunAsync()
    {
        CancellationTokenSource? cancellation;
        lock (_runGate)
        {
            cancellation = _live.Run is { IsCompleted: false } ? _live.RunCancellation : null;
        }

        if (cancellation is not null)
        {
            await cancellation.CancelAsync().ConfigureAwait(false);
        }
    }

    private async Task StopRunAsync()
    {
        await CancelRunAsync().ConfigureAwait(false);
        Task? run;
        lock (_runGate)
        {
            run = _live.Run;
        }

        if (run is not null)
        {
            await run.ConfigureAwait(false);
        }
    }

    private ValueTask EmitAsync(AgentEvent agentEvent) => _sink.EmitAsync(agentEvent, CancellationToken.None);

    private async Task SendLoopAsync()
    {
        var broken = false;
        await foreach (var agentEvent in _outgoing.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (broken || _socket.State != WebSocketState.Open)
            {
                continue; // Keep draining, so nothing that emits ever waits on a dead socket.
            }

            try
            {
                await _socket.SendAsync(agentEvent.ToUtf8Json(), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or System.IO.IOException or OperationCanceledException)
            {
                // A failed send ends the conversation's run: the client is gone.
                broken = true;
                await CancelRunAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task CloseAfterEventsAsync(Task sender, WebSocketCloseStatus status, string reason)
    {
        await StopRunAsync().ConfigureAwait(false);
        _outgoing.Writer.TryComplete();
        await sender.ConfigureAwait(false);
        await CloseAsync(status, reason).ConfigureAwait(false);
    }

    private async Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                await _socket.CloseOutputAsync(status, reason, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or System.IO.IOException)
            {
                // Already gone.
            }
        }
    }

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "Conversation {ConversationId}: a client message over {Limit} bytes closed the socket.")]
    private static partial void LogTooBig(ILogger logger, string conversationId, int limit);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Error, Message = "Conversation {ConversationId}: the run failed.")]
    private static partial void LogRunFailed(ILogger logger, string conversationId, Exception exception);
}
