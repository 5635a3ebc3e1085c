using System.Collections.Generic;
using Microsoft.Extensions.AI;

namespace OpenAgent.Core.Compaction;

/// <summary>
/// Estimates token counts when a provider reports none, so the budget and auto-compaction still work: about four
/// characters a token, plus a little per message.
/// </summary>
public static class TokenEstimator
{
    /// <summary>Estimates the tokens of <paramref name="messages"/>.</summary>
    /// <param name="messages">The messages.</param>
    /// <returns>The estimate.</returns>
    public static long Estimate(IEnumerable<ChatMessage> messages)
    {
        System.ArgumentNullException.ThrowIfNull(messages);
        long characters = 0;
        long count = 0;
        foreach (var message in messages)
        {
            count++;
            foreach (var content in message.Contents)
            {
                characters += content switch
                {
                    TextContent text => text.Text.Length,
                    FunctionCallContent call => call.Name.Length + (call.Arguments?.Count ?? 0) * 16,
                    FunctionResultContent result => result.Result?.ToString()?.Length ?? 0,
                    _ => 0,
                };
            }
        }

        return (characters + 3) / 4 + (count * 4);
    }

    /// <summary>The tokens of one model call: as the provider reported them, else estimated from the request and the reply.</summary>
    /// <param name="reported">The provider's usage, if any.</param>
    /// <param name="request">The messages sent.</param>
    /// <param name="reply">The reply.</param>
    /// <returns>The usage.</returns>
    public static Events.AgentUsage UsageOf(UsageDetails? reported, IEnumerable<ChatMessage> request, ChatMessage reply)
    {
        System.ArgumentNullException.ThrowIfNull(request);
        System.ArgumentNullException.ThrowIfNull(reply);
        return new(reported?.InputTokenCount ?? Estimate(request), reported?.OutputTokenCount ?? Estimate([reply]));
    }
}
