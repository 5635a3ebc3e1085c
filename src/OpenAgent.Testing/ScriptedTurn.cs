using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace OpenAgent.Testing;

/// <summary>
/// One scripted model response: text chunks, tool calls, usage, a finish reason, a delay, or a failure.
/// Build it fluently: <c>ScriptedTurn.Text("Hello ", "world").WithUsage(100, 50)</c>.
/// </summary>
public sealed class ScriptedTurn
{
    private readonly List<AIContent> _contents = [];
    private Exception? _exception;
    private int _exceptionAfter = -1;

    /// <summary>Gets the contents streamed, in order: text chunks and tool calls.</summary>
    public IReadOnlyList<AIContent> Contents => _contents;

    /// <summary>Gets the reported input tokens, if set.</summary>
    public long? InputTokens { get; private set; }

    /// <summary>Gets the reported output tokens, if set.</summary>
    public long? OutputTokens { get; private set; }

    /// <summary>Gets the finish reason; when not set, <see cref="ChatFinishReason.ToolCalls"/> if the turn has tool calls, else <see cref="ChatFinishReason.Stop"/>.</summary>
    public ChatFinishReason? FinishReason { get; private set; }

    /// <summary>Gets how long the model "thinks" before its first chunk.</summary>
    public TimeSpan Delay { get; private set; }

    /// <summary>Gets the model id reported with the response.</summary>
    public string? ModelId { get; private set; }

    /// <summary>Starts a turn that streams <paramref name="chunks"/> as separate text updates.</summary>
    /// <param name="chunks">The text chunks.</param>
    /// <returns>The turn.</returns>
    public static ScriptedTurn Text(params string[] chunks) => new ScriptedTurn().WithText(chunks);

    /// <summary>Starts a turn with one tool call.</summary>
    /// <param name="name">The tool's name.</param>
    /// <param name="arguments">The arguments: an anonymous object, a dictionary, a <see cref="JsonElement"/>, or <see langword="null"/> for none.</param>
    /// <param name="callId">The call id; a unique id is made when <see langword="null"/>.</param>
    /// <returns>The turn.</returns>
    public static ScriptedTurn ToolCall(string name, object? arguments = null, string? callId = null) =>
        new ScriptedTurn().WithToolCall(name, arguments, callId);

    /// <summary>Starts a turn that fails with <paramref name="exception"/> before streaming anything, as a provider error would.</summary>
    /// <param name="exception">The error.</param>
    /// <returns>The turn.</returns>
    public static ScriptedTurn Throw(Exception exception) => new ScriptedTurn().ThenThrow(exception);

    /// <summary>Adds text chunks, each streamed as its own update.</summary>
    /// <param name="chunks">The chunks.</param>
    /// <returns>This turn.</returns>
    public ScriptedTurn WithText(params string[] chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        foreach (var chunk in chunks)
        {
            _contents.Add(new TextContent(chunk));
        }

        return this;
    }

    /// <summary>Adds a tool call.</summary>
    /// <param name="name">The tool's name.</param>
    /// <param name="arguments">The arguments: an anonymous object, a dictionary, a <see cref="JsonElement"/>, or <see langword="null"/> for none.</param>
    /// <param name="callId">The call id; a unique id is made when <see langword="null"/>.</param>
    /// <returns>This turn.</returns>
    public ScriptedTurn WithToolCall(string name, object? arguments = null, string? callId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _contents.Add(new FunctionCallContent(callId ?? NewCallId(), name, ToArguments(arguments)));
        return this;
    }

    /// <summary>Adds a tool call whose arguments arrive as raw text, as a provider streams them; text that is not a JSON
    /// object makes a call with a parse error, as a real provider client reports it.</summary>
    /// <param name="name">The tool's name.</param>
    /// <param name="rawArguments">The arguments' text.</param>
    /// <param name="callId">The call id; a unique id is made when <see langword="null"/>.</param>
    /// <returns>This turn.</returns>
    public ScriptedTurn WithRawToolCall(string name, string rawArguments, string? callId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(rawArguments);
        _contents.Add(FunctionCallContent.CreateFromParsedArguments(
            rawArguments, callId ?? NewCallId(), name,
            static text => JsonSerializer.Deserialize<Dictionary<string, object?>>(text, AIJsonUtilities.DefaultOptions)));
        return this;
    }

    /// <summary>Sets the token usage reported at the end of the stream.</summary>
    /// <param name="inputTokens">Input tokens.</param>
    /// <param name="outputTokens">Output tokens.</param>
    /// <returns>This turn.</returns>
    public ScriptedTurn WithUsage(long inputTokens, long outputTokens)
    {
        InputTokens = inputTokens;
        OutputTokens = outputTokens;
        return this;
    }

    /// <summary>Sets the finish reason, for example <see cref="ChatFinishReason.Length"/> for a reply cut off by the output limit.</summary>
    /// <param name="finishReason">The finish reason.</param>
    /// <returns>This turn.</returns>
    public ScriptedTurn WithFinishReason(ChatFinishReason finishReason)
    {
        FinishReason = finishReason;
        return this;
    }

    /// <summary>Waits before the first chunk, as a real model's latency (on the client's <see cref="TimeProvider"/>).</summary>
    /// <param name="delay">The delay.</param>
    /// <returns>This turn.</returns>
    public ScriptedTurn WithDelay(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        Delay = delay;
        return this;
    }

    /// <summary>Sets the model id reported with the response.</summary>
    /// <param name="modelId">The model id.</param>
    /// <returns>This turn.</returns>
    public ScriptedTurn WithModelId(string modelId)
    {
        ModelId = modelId;
        return this;
    }

    /// <summary>Fails with <paramref name="exception"/> after the contents added so far have streamed (a dropped stream).</summary>
    /// <param name="exception">The error.</param>
    /// <returns>This turn.</returns>
    public ScriptedTurn ThenThrow(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        _exception = exception;
        _exceptionAfter = _contents.Count;
        return this;
    }

    internal Exception? Exception => _exception;

    internal UsageDetails? Usage() => InputTokens is null && OutputTokens is null
        ? null
        : new UsageDetails { InputTokenCount = InputTokens, OutputTokenCount = OutputTokens, TotalTokenCount = (InputTokens ?? 0) + (OutputTokens ?? 0) };

    internal int ExceptionAfter => _exceptionAfter;

    internal bool HasToolCalls
    {
        get
        {
            foreach (var content in _contents)
            {
                if (content is FunctionCallContent)
                {
                    return true;
                }
            }

            return false;
        }
    }

    private static int s_nextCallId;

    private static string NewCallId() =>
        "call_" + System.Threading.Interlocked.Increment(ref s_nextCallId).ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, object?>? ToArguments(object? arguments)
    {
        if (arguments is null)
        {
            return null;
        }

        var element = arguments as JsonElement? ?? JsonSerializer.SerializeToElement(arguments, AIJsonUtilities.DefaultOptions.GetTypeInfo(arguments.GetType()));
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("Tool call arguments must serialise to a JSON object.", nameof(arguments));
        }

        var dictionary = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            dictionary[property.Name] = property.Value.Clone();
        }

        return dictionary;
    }
}
