using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;

namespace OpenAgent.Core.Tools;

/// <summary>
/// Turns the arguments a provider client parsed (<see cref="FunctionCallContent.Arguments"/>) into the JSON object the
/// events and tools see. Values are nearly always <see cref="JsonElement"/>s or primitives, written directly; anything
/// else goes through Microsoft.Extensions.AI's serializer options.
/// </summary>
internal static class ToolArguments
{
    private static readonly JsonElement EmptyObject = JsonElement.Parse("{}");

    // One scratch buffer and writer per thread: the parsed element copies the bytes, so both can be reused at once.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static JsonElement ToJsonElement(IDictionary<string, object?>? arguments)
    {
        if (arguments is null || arguments.Count == 0)
        {
            return EmptyObject;
        }

        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.Reset(buffer);
        writer.WriteStartObject();
        if (arguments is Dictionary<string, object?> plain)
        {
            // What provider clients parse into: enumerated without boxing an enumerator per call.
            foreach (var (name, value) in plain)
            {
                WriteProperty(writer, name, value);
            }
        }
        else
        {
            foreach (var (name, value) in arguments)
            {
                WriteProperty(writer, name, value);
            }
        }

        writer.WriteEndObject();
        writer.Flush();
        var element = JsonElement.Parse(buffer.WrittenSpan);

        // A large argument (a whole file's content) must not stay cached on the thread.
        if (buffer.Capacity > 64 * 1024)
        {
            t_buffer = null;
            t_writer = null;
        }

        return element;
    }

    private static void WriteProperty(Utf8JsonWriter writer, string name, object? value)
    {
        writer.WritePropertyName(name);
        WriteValue(writer, value);
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case double number:
                writer.WriteNumberValue(number);
                break;
            default:
                WriteOther(writer, value);
                break;
        }
    }

    private static void WriteOther(Utf8JsonWriter writer, object value)
    {
        JsonElement element;
        try
        {
            element = JsonSerializer.SerializeToElement(value, (JsonTypeInfo)AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType()));
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or JsonException)
        {
            // A value no serializer can write must not break the run: the tool sees its text instead.
            writer.WriteStringValue(value.ToString());
            return;
        }

        element.WriteTo(writer);
    }
}
