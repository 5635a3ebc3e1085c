using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.AI;

namespace OpenAgent.Core.Conversations;

/// <summary>
/// Makes a stored history valid for the next model call: every tool call has its result in the next message and every
/// result its call. A history saved in the middle of a tool batch (a crash, a dropped connection) loses the unanswered
/// calls and nothing else.
/// </summary>
public static class HistoryRepair
{
    /// <summary>The text left in an assistant message whose only content was a dropped tool call.</summary>
    public const string SkippedCall = "(tool call skipped)";

    /// <summary>Repairs <paramref name="history"/> in place.</summary>
    /// <param name="history">The conversation.</param>
    /// <returns>How many tool calls and results were dropped.</returns>
    public static int Repair(IList<ChatMessage> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var dropped = 0;
        for (var i = 0; i < history.Count; i++)
        {
            var message = history[i];
            if (message.Role == ChatRole.Assistant && message.Contents.Any(c => c is FunctionCallContent))
            {
                var next = i + 1 < history.Count ? history[i + 1] : null;
                var answered = next?.Role == ChatRole.Tool
                    ? next.Contents.OfType<FunctionResultContent>().Select(r => r.CallId).ToHashSet(StringComparer.Ordinal)
                    : [];
                var kept = message.Contents.Where(c => c is not FunctionCallContent call || answered.Contains(call.CallId)).ToList();
                if (kept.Count != message.Contents.Count)
                {
                    dropped += message.Contents.Count - kept.Count;
                    history[i] = new ChatMessage(ChatRole.Assistant, kept.Count > 0 ? kept : [new TextContent(SkippedCall)])
                    {
                        AuthorName = message.AuthorName,
                        MessageId = message.MessageId,
                    };
                }
            }
            else if (message.Role == ChatRole.Tool)
            {
                var previous = i > 0 ? history[i - 1] : null;
                var calls = previous?.Role == ChatRole.Assistant
                    ? previous.Contents.OfType<FunctionCallContent>().Select(c => c.CallId).ToHashSet(StringComparer.Ordinal)
                    : [];
                var kept = message.Contents.Where(c => c is not FunctionResultContent result || calls.Contains(result.CallId)).ToList();
                if (kept.Count != message.Contents.Count)
                {
                    dropped += message.Contents.Count - kept.Count;
                    if (kept.Count == 0)
                    {
                        history.RemoveAt(i);
                        i--;
                        continue;
                    }

                    history[i] = new ChatMessage(ChatRole.Tool, kept);
                }
            }
        }

        return dropped;
    }
}
