using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.AI;
using OpenAgent.Core.Conversations;

namespace OpenAgent.Testing;

/// <summary>
/// Checks that a conversation is one a provider would accept as the next request: it starts with a user message, every
/// tool call is answered in the tool message right after it, and every tool result answers a call.
/// </summary>
/// <example>
/// <code>
/// Assert.Null(ChatHistoryCheck.FindProblem(session.History));
/// </code>
/// </example>
public static class ChatHistoryCheck
{
    /// <summary>Finds the first thing that would make <paramref name="history"/> an invalid next request.</summary>
    /// <param name="history">The conversation, as the agent keeps it (no system message).</param>
    /// <returns><see langword="null"/> when it is valid; otherwise what is wrong, with the last messages for context.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="history"/> is <see langword="null"/>.</exception>
    public static string? FindProblem(IEnumerable<ChatMessage> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var messages = history.ToList();
        if (messages.Count == 0)
        {
            return null;
        }

        if (messages[0].Role != ChatRole.User)
        {
            return $"it starts with a {messages[0].Role} message, not a user message";
        }

        if (HistoryRepair.Repair([.. messages]) is > 0 and var broken)
        {
            return $"{broken} tool call(s) or result(s) without their other half; last messages: {Tail(messages)}";
        }

        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i].Role == ChatRole.Tool && messages[i - 1].Role != ChatRole.Assistant)
            {
                return $"the tool message at {i} does not follow an assistant message; last messages: {Tail(messages)}";
            }

            if (messages[i].Contents.OfType<FunctionCallContent>().Any() && (i + 1 == messages.Count || messages[i + 1].Role != ChatRole.Tool))
            {
                return $"the tool calls at {i} have no tool message after them; last messages: {Tail(messages)}";
            }
        }

        return null;
    }

    private static string Tail(List<ChatMessage> messages) =>
        string.Join(" | ", messages.TakeLast(6).Select(m => $"{m.Role}: " + string.Join(", ", m.Contents.Select(c => c switch
        {
            FunctionCallContent call => "call " + call.Name,
            FunctionResultContent result => "result " + result.CallId,
            _ => c.ToString(),
        }))));
}
