using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace OpenAgent.Benchmarks;

/// <summary>
/// A model with no latency that plays the same conversation for every contestant: a short text and one tool call per
/// turn until <see cref="ToolTurns"/> tool results are in the request, then a final three-chunk answer.
/// </summary>
internal sealed class ZeroLatencyChatClient : IChatClient
{
    public const int ToolTurns = 9;

    private static readonly UsageDetails Usage = new() { InputTokenCount = 100, OutputTokenCount = 20, TotalTokenCount = 120 };

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var toolResults = CountToolMessages(messages);
        if (toolResults < ToolTurns)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, "Checking the next record.");
            yield return new ChatResponseUpdate(ChatRole.Assistant,
                [new FunctionCallContent("call_" + toolResults, "lookup", new Dictionary<string, object?> { ["key"] = "k" + toolResults })]);
            yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(Usage)]) { FinishReason = ChatFinishReason.ToolCalls };
        }
        else
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, "The records ");
            yield return new ChatResponseUpdate(ChatRole.Assistant, "are all ");
            yield return new ChatResponseUpdate(ChatRole.Assistant, "consistent.");
            yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(Usage)]) { FinishReason = ChatFinishReason.Stop };
        }

        await Task.CompletedTask;
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private static int CountToolMessages(IEnumerable<ChatMessage> messages)
    {
        var count = 0;
        foreach (var message in messages)
        {
            if (message.Role == ChatRole.Tool)
            {
                count++;
            }
        }

        return count;
    }
}
