using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace OpenAgent.Core.Conversations;

/// <summary>
/// Writes a conversation as the seed's JSON: <c>[{"role", "content": [blocks]}]</c> with <c>text</c>, <c>thinking</c>,
/// <c>tool_use</c> {<c>id</c>, <c>name</c>, <c>input</c>} and <c>tool_result</c> {<c>tool_use_id</c>, <c>content</c>} blocks. Used by
/// the web host's conversation endpoint and by tracing (which passes a redactor).
/// </summary>
public static class ConversationJson
{
    /// <summary>Writes <paramref name="messages"/> as a JSON array.</summary>
    /// <param name="messages">The messages.</param>
    /// <param name="skipSystem">Whether to leave system messages out.</param>
    /// <param name="text">Applied to every string written (for example a secret redactor); none when <see langword="null"/>.</param>
    /// <returns>The JSON.</returns>
    public static JsonElement Messages(IEnumerable<ChatMessage> messages, bool skipSystem = true, Func<string, string>? text = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        text ??= static s => s;
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var message in messages)
            {
                if (skipSystem && message.Role == ChatRole.System)
                {
                    continue;
                }

                writer.WriteStartObject();
                writer.WriteString("role", message.Role.Value);
                writer.WritePropertyName("content");
                WriteContents(writer, message.Contents, includeCalls: true, text);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Parse(buffer);
    }

    /// <summary>Writes content blocks as a JSON array.</summary>
    /// <param name="contents">The contents.</param>
    /// <param name="includeCalls">Whether tool calls are written as <c>tool_use</c> blocks.</param>
    /// <param name="text">Applied to every string written; none when <see langword="null"/>.</param>
    /// <returns>The JSON.</returns>
    public static JsonElement Contents(IList<AIContent> contents, bool includeCalls = true, Func<string, string>? text = null)
    {
        ArgumentNullException.ThrowIfNull(contents);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteContents(writer, contents, includeCalls, text ?? (static s => s));
        }

        return Parse(buffer);
    }

    /// <summary>Writes tool calls as a JSON array of <c>tool_use</c> blocks.</summary>
    /// <param name="calls">The calls.</param>
    /// <param name="text">Applied to every string written; none when <see langword="null"/>.</param>
    /// <returns>The JSON.</returns>
    public static JsonElement ToolCalls(IEnumerable<FunctionCallContent> calls, Func<string, string>? text = null)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var call in calls)
            {
                WriteCall(writer, call, text ?? (static s => s));
            }

            writer.WriteEndArray();
        }

        return Parse(buffer);
    }

    private static void WriteContents(Utf8JsonWriter writer, IList<AIContent> contents, bool includeCalls, Func<string, string> text)
    {
        writer.WriteStartArray();
        foreach (var item in contents)
        {
            switch (item)
            {
                case TextContent content:
                    writer.WriteStartObject();
                    writer.WriteString("type", "text");
                    writer.WriteString("text", text(content.Text));
                    writer.WriteEndObject();
                    break;
                case TextReasoningContent reasoning:
                    writer.WriteStartObject();
                    writer.WriteString("type", "thinking");
                    writer.WriteString("thinking", text(reasoning.Text));
                    writer.WriteEndObject();
                    break;
                case FunctionCallContent call when includeCalls:
                    WriteCall(writer, call, text);
                    break;
                case FunctionResultContent result:
                    writer.WriteStartObject();
                    writer.WriteString("type", "tool_result");
                    writer.WriteString("tool_use_id", result.CallId);
                    writer.WriteString("content", text(result.Result?.ToString() ?? string.Empty));
                    writer.WriteEndObject();
                    break;
                case FunctionCallContent:
                    break;
                default:
                    writer.WriteStartObject();
                    writer.WriteString("type", item.GetType().Name);
                    writer.WriteEndObject();
                    break;
            }
        }

        writer.WriteEndArray();
    }

    private static void WriteCall(Utf8JsonWriter writer, FunctionCallContent call, Func<string, string> text)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "tool_use");
        writer.WriteString("id", call.CallId);
        writer.WriteString("name", call.Name);
        writer.WriteStartObject("input");
        if (call.Arguments is { } arguments)
        {
            foreach (var (name, value) in arguments)
            {
                writer.WritePropertyName(name);
                var element = value is JsonElement json
                    ? json
                    : JsonSerializer.SerializeToElement(value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value?.GetType() ?? typeof(object)));
                WriteElement(writer, element, text);
            }
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteElement(Utf8JsonWriter writer, JsonElement element, Func<string, string> text)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                writer.WriteStringValue(text(element.GetString()!));
                break;
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    WriteElement(writer, property.Value, text);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteElement(writer, item, text);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private static JsonElement Parse(ArrayBufferWriter<byte> buffer)
    {
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
