using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace OpenAgent.Core.Tools;

/// <summary>
/// Exposes any <see cref="AIFunction"/> (for example one made by <see cref="AIFunctionFactory.Create(Delegate, string?, string?, JsonSerializerOptions?)"/>)
/// as an <see cref="IToolHandler"/>. The function receives the session's services as
/// <see cref="AIFunctionArguments.Services"/> and the <see cref="ToolCallContext"/> under
/// <c>AIFunctionArguments.Context[typeof(ToolCallContext)]</c>.
/// </summary>
public sealed class AIFunctionToolHandler : IToolHandler
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="function">The function.</param>
    /// <param name="isReadOnly">Whether the function only reads (no approval, allowed in plan mode). Default <see langword="false"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is <see langword="null"/>.</exception>
    public AIFunctionToolHandler(AIFunction function, bool isReadOnly = false)
    {
        ArgumentNullException.ThrowIfNull(function);
        Function = function;
        IsReadOnly = isReadOnly;
    }

    /// <summary>Gets the wrapped function.</summary>
    public AIFunction Function { get; }

    /// <inheritdoc />
    public string Name => Function.Name;

    /// <inheritdoc />
    public string Description => Function.Description;

    /// <inheritdoc />
    public JsonElement InputSchema => Function.JsonSchema;

    /// <inheritdoc />
    public bool IsReadOnly { get; }

    /// <inheritdoc />
    public async ValueTask<ToolResult> InvokeAsync(ToolCallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var arguments = context.ParsedArguments is { } parsed ? new AIFunctionArguments(parsed) : new AIFunctionArguments();
        arguments.Services = context.Services;
        arguments.Context = new System.Collections.Generic.Dictionary<object, object?> { [typeof(ToolCallContext)] = context };
        if (context.ParsedArguments is null && context.Arguments.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in context.Arguments.EnumerateObject())
            {
                arguments[property.Name] = property.Value;
            }
        }

        var result = await Function.InvokeAsync(arguments, cancellationToken);
        return ToolResult.Success(FormatResult(result));
    }

    private string FormatResult(object? result) => result switch
    {
        null => string.Empty,
        string text => text,
        ToolResult toolResult => toolResult.Content,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString() ?? string.Empty,
        JsonElement element => Compact(element),
        _ => Compact(JsonSerializer.SerializeToElement(result, Function.JsonSerializerOptions.GetTypeInfo(result.GetType()))),
    };

    // Indented JSON costs the model tokens for nothing.
    private static string Compact(JsonElement element)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            element.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
