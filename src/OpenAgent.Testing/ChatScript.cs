using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;

namespace OpenAgent.Testing;

/// <summary>
/// Reads a model script from JSON, so a host or front end can be driven end to end, or a bug reproduced, without a model.
/// </summary>
/// <remarks>
/// <para>The file holds <c>{"turns": [...]}</c> or just the array. Each turn answers one model call, in order:</para>
/// <code>
/// {
///   "turns": [
///     { "text": "I'll look.", "tool_calls": [ { "name": "bash", "arguments": { "command": "ls" } } ] },
///     { "text": ["Two ", "chunks."], "usage": { "input_tokens": 900, "output_tokens": 12 }, "delay_ms": 50 },
///     { "finish_reason": "length", "text": "Cut o" },
///     { "error": "The provider is down." }
///   ]
/// }
/// </code>
/// <para><c>text</c> is a string or an array of chunks streamed one by one; <c>tool_calls</c> items take <c>name</c>,
/// optional <c>arguments</c> (an object) and optional <c>id</c>; <c>finish_reason</c> is <c>stop</c>, <c>length</c>,
/// <c>tool_calls</c> or <c>content_filter</c>; <c>error</c> fails the call after any text has streamed. Unknown fields are
/// errors, so a typo is caught instead of ignored.</para>
/// </remarks>
public static class ChatScript
{
    /// <summary>Reads the script in <paramref name="path"/> into a new <see cref="ScriptedChatClient"/>.</summary>
    /// <param name="path">The JSON file.</param>
    /// <param name="timeProvider">The clock for delays; <see cref="TimeProvider.System"/> by default.</param>
    /// <returns>A client that plays the script.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">The file is not a valid script; the message says where.</exception>
    public static ScriptedChatClient Load(string path, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The model script '{path}' does not exist.", path);
        }

        try
        {
            return Parse(File.ReadAllText(path), timeProvider);
        }
        catch (FormatException ex)
        {
            throw new FormatException($"The model script '{path}' is not valid: {ex.Message}", ex);
        }
    }

    /// <summary>Reads a script from JSON text into a new <see cref="ScriptedChatClient"/>.</summary>
    /// <param name="json">The script.</param>
    /// <param name="timeProvider">The clock for delays; <see cref="TimeProvider.System"/> by default.</param>
    /// <returns>A client that plays the script.</returns>
    /// <exception cref="FormatException">The text is not a valid script; the message says where.</exception>
    public static ScriptedChatClient Parse(string json, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        List<TurnDto> turns;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            turns = document.RootElement.ValueKind == JsonValueKind.Array
                ? document.RootElement.Deserialize(ChatScriptJsonContext.Default.ListTurnDto) ?? []
                : document.RootElement.Deserialize(ChatScriptJsonContext.Default.ScriptDto)?.Turns ?? [];
        }
        catch (JsonException ex)
        {
            throw new FormatException(ex.Message, ex);
        }

        var client = new ScriptedChatClient(timeProvider);
        for (var i = 0; i < turns.Count; i++)
        {
            client.Enqueue(ToTurn(turns[i], i));
        }

        return client;
    }

    private static ScriptedTurn ToTurn(TurnDto dto, int index)
    {
        var turn = new ScriptedTurn();
        switch (dto.Text)
        {
            case { ValueKind: JsonValueKind.String } text:
                turn.WithText(text.GetString()!);
                break;
            case { ValueKind: JsonValueKind.Array } chunks:
                foreach (var chunk in chunks.EnumerateArray())
                {
                    turn.WithText(chunk.ValueKind == JsonValueKind.String
                        ? chunk.GetString()!
                        : throw new FormatException($"turn {index + 1}: \"text\" chunks must be strings."));
                }

                break;
            case null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined }:
                break;
            default:
                throw new FormatException($"turn {index + 1}: \"text\" must be a string or an array of strings.");
        }

        foreach (var call in dto.ToolCalls ?? [])
        {
            if (string.IsNullOrEmpty(call.Name))
            {
                throw new FormatException($"turn {index + 1}: a tool call has no \"name\".");
            }

            if (call.Arguments is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) })
            {
                throw new FormatException($"turn {index + 1}: the arguments of '{call.Name}' must be an object.");
            }

            turn.WithToolCall(call.Name, call.Arguments is { ValueKind: JsonValueKind.Object } args ? args : null, call.Id);
        }

        if (dto.Usage is { } usage)
        {
            turn.WithUsage(usage.InputTokens, usage.OutputTokens);
        }

        if (dto.DelayMs is { } delay)
        {
            turn.WithDelay(TimeSpan.FromMilliseconds(delay >= 0 ? delay : throw new FormatException($"turn {index + 1}: \"delay_ms\" must not be negative.")));
        }

        if (dto.FinishReason is { } reason)
        {
            turn.WithFinishReason(reason switch
            {
                "stop" => ChatFinishReason.Stop,
                "length" => ChatFinishReason.Length,
                "tool_calls" => ChatFinishReason.ToolCalls,
                "content_filter" => ChatFinishReason.ContentFilter,
                _ => throw new FormatException($"turn {index + 1}: unknown \"finish_reason\" '{reason}' (stop, length, tool_calls or content_filter)."),
            });
        }

        if (dto.Error is { } error)
        {
            turn.ThenThrow(new InvalidOperationException(error));
        }

        return turn;
    }

    internal sealed class ScriptDto
    {
        public List<TurnDto>? Turns { get; set; }
    }

    internal sealed class TurnDto
    {
        public JsonElement? Text { get; set; }

        public List<ToolCallDto>? ToolCalls { get; set; }

        public UsageDto? Usage { get; set; }

        public int? DelayMs { get; set; }

        public string? FinishReason { get; set; }

        public string? Error { get; set; }
    }

    internal sealed class ToolCallDto
    {
        public string? Name { get; set; }

        public JsonElement? Arguments { get; set; }

        public string? Id { get; set; }
    }

    internal sealed class UsageDto
    {
        public long InputTokens { get; set; }

        public long OutputTokens { get; set; }
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(ChatScript.ScriptDto))]
[JsonSerializable(typeof(List<ChatScript.TurnDto>))]
internal sealed partial class ChatScriptJsonContext : JsonSerializerContext;
