using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using OpenAgent.Core.Events;

namespace OpenAgent.Core.Agents;

/// <content>Calling the model: the request options, the streamed call with its text events (a cancelled stream keeps
/// the text already shown, a failed one ends the run), the summary after the turn limit, and reading the reply.</content>
internal sealed partial class AgentLoop
{
    private ChatOptions CreateChatOptions(AgentSession session)
    {
        var declarations = session.GetOfferedTools();
        return new ChatOptions
        {
            ModelId = _options.ModelId,
            MaxOutputTokens = _options.MaxOutputTokens,
            Temperature = _options.Temperature,
            Tools = declarations.Count > 0 ? declarations : null,
        };
    }

    private async ValueTask<ChatResponse?> CallModelAsync(RunState run, string systemPrompt, ChatOptions options, CancellationToken cancellationToken)
    {
        var history = run.Session.History;
        var messages = run.PrepareRequest(systemPrompt);

        var updates = new List<ChatResponseUpdate>();
        try
        {
            var client = run.Session.Traced(_chatClient, run.Sink);
            await foreach (var update in client.GetStreamingResponseAsync(messages, options, cancellationToken))
            {
                updates.Add(update);
                var contents = update.Contents;
                for (var i = 0; i < contents.Count; i++)
                {
                    if (contents[i] is TextContent { Text: { Length: > 0 } text })
                    {
                        await run.Sink.EmitAsync(new TextDeltaEvent(text), cancellationToken);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Keep what the user already saw; tool calls cut off mid-stream are dropped, so history stays valid.
            var partial = updates.ToChatResponse().Text;
            if (partial.Length > 0)
            {
                history.Add(new ChatMessage(ChatRole.Assistant, partial));
            }

            throw;
        }
        catch (Exception ex) when (!run.Sink.Faulted && ex is not OperationCanceledException)
        {
            _logger.ModelCallFailed(run.Session.Id, ex);
            await FailAsync(run, AgentRunStatus.Failed, $"The model call failed: {Describe(ex)}");
            return null;
        }

        var response = updates.ToChatResponse();
        var reply = ToSingleAssistantMessage(response);
        run.AddUsage(response.Usage, reply);
        history.Add(reply);
        return response;
    }

    private async Task<bool> SummariseAfterTurnLimitAsync(RunState run, string systemPrompt, ChatOptions options, CancellationToken cancellationToken)
    {
        await run.Sink.EmitAsync(new TextDeltaEvent(
            $"\n\n---\n*Reached the limit of {_options.MaxTurns} turns; summarising where things stand.*\n\n"), cancellationToken);
        run.Session.History.Add(new ChatMessage(ChatRole.User, SummaryRequest));
        var noTools = options.Clone();
        noTools.Tools = null;
        if (await CallModelAsync(run, systemPrompt, noTools, cancellationToken) is null)
        {
            return false;
        }

        // No tool runs after the limit: a model that asks for one anyway keeps only its text, so the history stays valid.
        var history = run.Session.History;
        var reply = history[^1];
        if (reply.Contents.Any(c => c is FunctionCallContent))
        {
            var text = reply.Contents.Where(c => c is not FunctionCallContent).ToList();
            history[^1] = new ChatMessage(ChatRole.Assistant, text.Count > 0 ? text : [new TextContent(Conversations.HistoryRepair.SkippedCall)]);
        }

        return true;
    }

    /// <summary>The reply as one assistant message (a response may hold several), contents in order.</summary>
    internal static ChatMessage ToSingleAssistantMessage(ChatResponse response)
    {
        if (response.Messages.Count == 1)
        {
            return response.Messages[0];
        }

        return new ChatMessage(ChatRole.Assistant, [.. response.Messages.SelectMany(m => m.Contents)]);
    }

    private static List<FunctionCallContent> GetToolCalls(ChatResponse response)
    {
        var calls = new List<FunctionCallContent>();
        foreach (var message in response.Messages)
        {
            var contents = message.Contents;
            for (var i = 0; i < contents.Count; i++)
            {
                if (contents[i] is FunctionCallContent { InformationalOnly: false } call)
                {
                    calls.Add(call);
                }
            }
        }

        return calls;
    }
}
