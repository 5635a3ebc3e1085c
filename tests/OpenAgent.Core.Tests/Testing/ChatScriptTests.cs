using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.Core.Tests.Testing;

public sealed class ChatScriptTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_script_plays_text_chunks_tool_calls_usage_finish_reason_and_errors_in_order()
    {
        using var client = ChatScript.Parse("""
            // Comments and trailing commas are fine.
            [
              { "text": ["a", "b"], "tool_calls": [ { "name": "bash", "arguments": { "command": "ls" }, "id": "c1" } ], "usage": { "input_tokens": 7, "output_tokens": 2 } },
              { "text": "cut", "finish_reason": "length" },
              { "text": "partial", "error": "stream dropped" },
            ]
            """);

        var first = await client.GetStreamingResponseAsync("hi", cancellationToken: Ct).ToChatResponseAsync(Ct);
        var second = await client.GetResponseAsync("more", cancellationToken: Ct);
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetResponseAsync("again", cancellationToken: Ct));

        Assert.Equal("ab", first.Text);
        var call = Assert.Single(first.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal(("c1", "bash", "ls"), (call.CallId, call.Name, call.Arguments!["command"]?.ToString()));
        Assert.Equal(7, first.Usage?.InputTokenCount);
        Assert.Equal(ChatFinishReason.Length, second.FinishReason);
        Assert.Equal("stream dropped", ex.Message);
        Assert.Equal(0, client.RemainingTurns);
    }

    [Theory]
    [InlineData("""{"turns": [{"txt": "typo"}]}""", "txt")]
    [InlineData("""{"turns": [{"finish_reason": "done"}]}""", "unknown \"finish_reason\" 'done'")]
    [InlineData("""{"turns": [{"tool_calls": [{"arguments": {}}]}]}""", "turn 1: a tool call has no \"name\"")]
    [InlineData("""[{"text": "ok"}, {"tool_calls": [{"name": "x", "arguments": [1]}]}]""", "turn 2: the arguments of 'x' must be an object")]
    [InlineData("""{"turns": [{"text": 5}]}""", "\"text\" must be a string or an array of strings")]
    [InlineData("""{"turns": [""", "")]
    public void A_bad_script_is_a_FormatException_that_says_what_is_wrong(string json, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => ChatScript.Parse(json));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
