using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace OpenAgent.LoadTest;

/// <summary>
/// The load test's model: it answers every call after <c>latency</c> (the time a real model takes to its first token),
/// then streams at once. A user message plays <c>turns</c> model calls: a text and one tool call (write_file, then
/// read_file of what was written, alternately) per call, then a final text. Every text chunk and every written note
/// carries the moment it was produced (<c>@t=</c> and <see cref="Stopwatch.GetTimestamp"/>, CLOCK_MONOTONIC on Linux,
/// which the client process reads too), so the client can tell how long the SDK and the host took to deliver it.
/// A message starting with <c>hold</c> waits for <see cref="LoadControl.Release"/> instead: that is how the client
/// holds every conversation mid-run to weigh a busy one.
/// </summary>
/// <remarks>Stateless: the step is read from the conversation it is sent, so one instance serves every conversation.</remarks>
internal sealed class LatencyChatClient(TimeSpan latency, int turns, LoadControl control) : IChatClient
{
    /// <summary>The marker in front of a timestamp.</summary>
    public const string StampMarker = "@t=";

    private static readonly UsageDetails Usage = new() { InputTokenCount = 400, OutputTokenCount = 40, TotalTokenCount = 440 };

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var history = messages as IList<ChatMessage> ?? [.. messages];
        var lastUser = -1;
        var userMessages = 0;
        for (var i = 0; i < history.Count; i++)
        {
            if (history[i].Role == ChatRole.User && !HasToolResult(history[i]))
            {
                lastUser = i;
                userMessages++;
            }
        }

        var step = 0;
        for (var i = lastUser + 1; i < history.Count; i++)
        {
            if (history[i].Role == ChatRole.Tool)
            {
                step++;
            }
        }

        if (lastUser >= 0 && history[lastUser].Text.StartsWith("hold", StringComparison.Ordinal))
        {
            await control.HoldAsync(cancellationToken);
            yield return Text($"Released {StampMarker}{Stamp()}");
            yield return Finish(ChatFinishReason.Stop);
            yield break;
        }

        await Task.Delay(latency, cancellationToken);
        if (step < turns - 1)
        {
            var note = $"notes/m{userMessages}-s{step - (step % 2)}.txt";
            yield return Text($"Step {step + 1}: {(step % 2 == 0 ? "writing" : "reading")} a note {StampMarker}{Stamp()}");
            var arguments = step % 2 == 0
                ? new Dictionary<string, object?> { ["path"] = note, ["content"] = $"note for step {step + 1} {StampMarker}{Stamp()}\n" }
                : new Dictionary<string, object?> { ["path"] = note };
            yield return new ChatResponseUpdate(ChatRole.Assistant,
                [new FunctionCallContent($"call_{userMessages}_{step}", step % 2 == 0 ? "write_file" : "read_file", arguments)]);
            yield return Finish(ChatFinishReason.ToolCalls);
        }
        else
        {
            yield return Text($"All {turns - 1} steps are done {StampMarker}{Stamp()}");
            yield return Text($" and the notes are in place {StampMarker}{Stamp()}");
            yield return Finish(ChatFinishReason.Stop);
        }
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private static string Stamp() => Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture);

    private static ChatResponseUpdate Text(string text) => new(ChatRole.Assistant, text);

    private static ChatResponseUpdate Finish(ChatFinishReason reason) =>
        new(ChatRole.Assistant, [new UsageContent(Usage)]) { FinishReason = reason };

    // A loop rather than LINQ: this model runs inside the measured server, so it should cost it as little as it can.
    private static bool HasToolResult(ChatMessage message)
    {
        var contents = message.Contents;
        for (var i = 0; i < contents.Count; i++)
        {
            if (contents[i] is FunctionResultContent)
            {
                return true;
            }
        }

        return false;
    }
}
