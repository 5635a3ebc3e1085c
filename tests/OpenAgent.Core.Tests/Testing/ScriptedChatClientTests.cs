using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.Core.Tests.Testing;

public sealed class ScriptedChatClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<ChatResponseUpdate>> Stream(IChatClient client, string text = "hi", ChatOptions? options = null)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, text)], options, Ct))
        {
            updates.Add(update);
        }

        return updates;
    }

    [Fact]
    public async Task Streams_each_chunk_as_its_own_update_then_finish_reason_and_usage()
    {
        using var client = new ScriptedChatClient(ScriptedTurn.Text("Hel", "lo").WithUsage(10, 2));

        var updates = await Stream(client);

        Assert.Equal(["Hel", "lo", ""], updates.Select(u => u.Text));
        Assert.All(updates, u => Assert.Equal(ChatRole.Assistant, u.Role));
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
        var response = updates.ToChatResponse();
        Assert.Equal("Hello", response.Text);
        Assert.Equal((10L, 2L), (response.Usage!.InputTokenCount!.Value, response.Usage.OutputTokenCount!.Value));
        Assert.Single(response.Messages);
    }

    [Fact]
    public async Task Tool_calls_stream_with_their_arguments_and_a_ToolCalls_finish()
    {
        using var client = new ScriptedChatClient(ScriptedTurn.Text("Let me look.").WithToolCall("read_file", new { path = "a.txt", limit = 5 }, "c1"));

        var response = (await Stream(client)).ToChatResponse();

        var call = response.Messages.Single().Contents.OfType<FunctionCallContent>().Single();
        Assert.Equal(("c1", "read_file"), (call.CallId, call.Name));
        Assert.Equal("a.txt", call.Arguments!["path"]!.ToString());
        Assert.Equal("5", call.Arguments["limit"]!.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
    }

    [Fact]
    public async Task The_non_streaming_path_returns_the_same_turn()
    {
        using var client = new ScriptedChatClient(ScriptedTurn.Text("a", "b").WithToolCall("x").WithUsage(1, 1).WithModelId("scripted-1"));

        var response = await client.GetResponseAsync("hi", cancellationToken: Ct);

        Assert.Equal("ab", response.Text);
        Assert.Single(response.Messages.Single().Contents.OfType<FunctionCallContent>());
        Assert.Equal("scripted-1", response.ModelId);
        Assert.False(client.Requests.Single().Streaming);
    }

    [Fact]
    public async Task Every_request_is_recorded_with_its_messages_options_and_tools()
    {
        using var client = new ScriptedChatClient().EnqueueText("one").EnqueueText("two");
        var tool = AIFunctionFactory.CreateDeclaration("probe", "Probes.", System.Text.Json.JsonElement.Parse("""{"type":"object"}"""));
        var messages = new List<ChatMessage> { new(ChatRole.System, "be brief"), new(ChatRole.User, "first") };

        await client.GetResponseAsync(messages, new ChatOptions { Tools = [tool], Temperature = 0.3f }, Ct);
        messages.Add(new ChatMessage(ChatRole.User, "second"));
        await Stream(client, "third");

        var first = client.Requests[0];
        Assert.Equal(2, first.Messages.Count);
        Assert.Equal("be brief", first.SystemPrompt);
        Assert.Equal(["probe"], first.ToolNames);
        Assert.Equal(0.3f, first.Options!.Temperature);
        Assert.Equal("third", client.Requests[1].LastMessage!.Text);
        Assert.True(client.Requests[1].Streaming);
        Assert.Equal(0, client.RemainingTurns);
    }

    [Fact]
    public async Task Running_out_of_script_fails_loudly_saying_which_request_and_what_it_asked()
    {
        using var client = new ScriptedChatClient(ScriptedTurn.Text("only one"));
        await Stream(client);

        var error = await Assert.ThrowsAsync<ScriptExhaustedException>(() => Stream(client, "one more thing"));

        Assert.Contains("request #2", error.Message, StringComparison.Ordinal);
        Assert.Contains("only 1 turn(s) were scripted", error.Message, StringComparison.Ordinal);
        Assert.Contains("'one more thing'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scripted_exception_is_thrown_before_or_during_the_stream()
    {
        using var client = new ScriptedChatClient(
            ScriptedTurn.Throw(new TimeoutException("slow provider")),
            ScriptedTurn.Text("half").ThenThrow(new InvalidOperationException("stream dropped")));

        await Assert.ThrowsAsync<TimeoutException>(() => Stream(client));
        var seen = new List<string>();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("x", cancellationToken: Ct))
            {
                seen.Add(update.Text);
            }
        });

        Assert.Equal(["half"], seen);
        Assert.Equal("stream dropped", error.Message);
    }

    [Fact]
    public async Task A_delay_waits_on_the_given_clock_and_honours_cancellation()
    {
        var time = new FakeTimeProvider();
        using var client = new ScriptedChatClient(time).Enqueue(ScriptedTurn.Text("late").WithDelay(TimeSpan.FromSeconds(5)))
            .Enqueue(ScriptedTurn.Text("never").WithDelay(TimeSpan.FromSeconds(5)));

        var pending = client.GetResponseAsync("x", cancellationToken: Ct);
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(pending.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("late", (await pending.WaitAsync(TimeSpan.FromSeconds(10), Ct)).Text);

        using var cts = new CancellationTokenSource();
        var cancelled = client.GetResponseAsync("y", cancellationToken: cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
    }

    [Fact]
    public async Task A_turn_can_be_decided_from_the_request()
    {
        using var client = new ScriptedChatClient().Enqueue(request => ScriptedTurn.Text($"You said: {request.LastMessage!.Text}"));

        var response = await client.GetResponseAsync("ping", cancellationToken: Ct);

        Assert.Equal("You said: ping", response.Text);
    }

    [Fact]
    public void Raw_arguments_that_are_not_json_produce_a_call_with_a_parse_error()
    {
        var turn = new ScriptedTurn().WithRawToolCall("x", "{oops");

        var call = Assert.IsType<FunctionCallContent>(Assert.Single(turn.Contents));
        Assert.NotNull(call.Exception);
    }

    [Fact]
    public void Arguments_must_be_an_object()
    {
        Assert.Throws<ArgumentException>(() => ScriptedTurn.ToolCall("x", new[] { 1, 2 }));
    }

    [Fact]
    public void It_describes_itself_as_a_scripted_provider()
    {
        using var client = new ScriptedChatClient();

        Assert.Equal("scripted", client.GetService<ChatClientMetadata>()!.ProviderName);
        Assert.Same(client, client.GetService<ScriptedChatClient>());
    }
}
