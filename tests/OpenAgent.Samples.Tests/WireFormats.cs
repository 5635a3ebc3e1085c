using System.Collections.Generic;
using System.Text.Json;

namespace OpenAgent.Samples.Tests;

/// <summary>OpenAI chat completions streaming (SSE), as api.openai.com sends it.</summary>
public static class OpenAISse
{
    public static string Chunk(object delta, string? finishReason = null) =>
        "data: " + JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = "chatcmpl-test",
            ["object"] = "chat.completion.chunk",
            ["created"] = 1_700_000_000,
            ["model"] = "gpt-test",
            ["choices"] = new[] { new Dictionary<string, object?> { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason } },
        });

    public static string Usage(int prompt, int completion) =>
        "data: " + JsonSerializer.Serialize(new
        {
            id = "chatcmpl-test",
            @object = "chat.completion.chunk",
            created = 1_700_000_000,
            model = "gpt-test",
            choices = System.Array.Empty<object>(),
            usage = new { prompt_tokens = prompt, completion_tokens = completion, total_tokens = prompt + completion },
        });

    public const string Done = "data: [DONE]";

    public static FakeReply Text(string text, int prompt = 10, int completion = 5) => new(200,
    [
        Chunk(new { role = "assistant", content = "" }),
        .. SplitText(text),
        Chunk(new { }, "stop"),
        Usage(prompt, completion),
        Done,
    ]);

    /// <summary>A tool call whose arguments arrive in fragments, as real streams deliver them.</summary>
    public static FakeReply ToolCall(string id, string name, string argumentsJson, int prompt = 10, int completion = 5)
    {
        var half = argumentsJson.Length / 2;
        return new(200,
        [
            Chunk(new { role = "assistant", content = (string?)null }),
            Chunk(new { tool_calls = new[] { new { index = 0, id, type = "function", function = new { name, arguments = "" } } } }),
            Chunk(new { tool_calls = new[] { new { index = 0, function = new { arguments = argumentsJson[..half] } } } }),
            Chunk(new { tool_calls = new[] { new { index = 0, function = new { arguments = argumentsJson[half..] } } } }),
            Chunk(new { }, "tool_calls"),
            Usage(prompt, completion),
            Done,
        ]);
    }

    public static FakeReply Error(int status, string message, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, [], headers, JsonSerializer.Serialize(new { error = new { message, type = "rate_limit_exceeded", code = (string?)null } }));

    private static IEnumerable<string> SplitText(string text)
    {
        for (var i = 0; i < text.Length; i += 8)
        {
            yield return Chunk(new { content = text.Substring(i, System.Math.Min(8, text.Length - i)) });
        }
    }
}

/// <summary>Anthropic Messages streaming (SSE), as api.anthropic.com sends it.</summary>
public static class AnthropicSse
{
    private static string Event(string name, object data) => $"event: {name}\ndata: {JsonSerializer.Serialize(data)}";

    private static string Start(int input) => Event("message_start", new
    {
        type = "message_start",
        message = new
        {
            id = "msg_test",
            type = "message",
            role = "assistant",
            content = System.Array.Empty<object>(),
            model = "claude-test",
            stop_reason = (string?)null,
            stop_sequence = (string?)null,
            usage = new { input_tokens = input, output_tokens = 1 },
        },
    });

    private static IEnumerable<string> End(string stopReason, int output)
    {
        yield return Event("message_delta", new { type = "message_delta", delta = new { stop_reason = stopReason, stop_sequence = (string?)null }, usage = new { output_tokens = output } });
        yield return Event("message_stop", new { type = "message_stop" });
    }

    public static FakeReply Text(string text, int input = 20, int output = 6) => new(200,
    [
        Start(input),
        Event("content_block_start", new { type = "content_block_start", index = 0, content_block = new { type = "text", text = "" } }),
        Event("content_block_delta", new { type = "content_block_delta", index = 0, delta = new { type = "text_delta", text } }),
        Event("content_block_stop", new { type = "content_block_stop", index = 0 }),
        .. End("end_turn", output),
    ]);

    public static FakeReply ToolUse(string id, string name, string inputJson, int input = 20, int output = 6)
    {
        var half = inputJson.Length / 2;
        return new(200,
        [
            Start(input),
            Event("content_block_start", new { type = "content_block_start", index = 0, content_block = new { type = "text", text = "" } }),
            Event("content_block_delta", new { type = "content_block_delta", index = 0, delta = new { type = "text_delta", text = "Let me look." } }),
            Event("content_block_stop", new { type = "content_block_stop", index = 0 }),
            Event("content_block_start", new { type = "content_block_start", index = 1, content_block = new { type = "tool_use", id, name, input = new { } } }),
            Event("content_block_delta", new { type = "content_block_delta", index = 1, delta = new { type = "input_json_delta", partial_json = inputJson[..half] } }),
            Event("content_block_delta", new { type = "content_block_delta", index = 1, delta = new { type = "input_json_delta", partial_json = inputJson[half..] } }),
            Event("content_block_stop", new { type = "content_block_stop", index = 1 }),
            .. End("tool_use", output),
        ]);
    }

    public static FakeReply Error(int status, string type, string message, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, [], headers, JsonSerializer.Serialize(new { type = "error", error = new { type, message } }));
}
