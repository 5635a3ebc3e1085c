using System;
using System.Buffers;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using OpenAgent.Core.Compaction;
using OpenAgent.Core.Conversations;
using OpenAgent.Core.Events;

namespace OpenAgent.Core.Llm;

/// <summary>
/// Reports every model call as an <see cref="LlmRequestEvent"/> and, when it succeeds, an <see cref="LlmResponseEvent"/> with
/// the same sequence number: the full request and response, with secrets masked by a <see cref="SecretRedactor"/>.
/// </summary>
/// <remarks>
/// Put it outermost (provider, then retry, then tracing) so a retried call is traced once. The agent loop adds it by itself
/// for sessions with <c>TracingEnabled</c>; use this class directly to trace a client outside the loop. A call that fails
/// has a request event and no response event: the failure is reported by whoever made the call.
/// </remarks>
public sealed class AgentTracingChatClient : DelegatingChatClient
{
    private readonly IAgentEventSink _events;
    private readonly SecretRedactor _redactor;
    private readonly Func<int> _nextSequence;
    private int _sequence;

    /// <summary>Initializes a new instance whose sequence numbers start at 1.</summary>
    /// <param name="innerClient">The client that makes the calls.</param>
    /// <param name="events">Where the trace events go.</param>
    /// <param name="redactor">Masks secrets; <see cref="SecretRedactor.PatternsOnly"/> when <see langword="null"/>.</param>
    public AgentTracingChatClient(IChatClient innerClient, IAgentEventSink events, SecretRedactor? redactor = null)
        : this(innerClient, events, redactor, null)
    {
    }

    internal AgentTracingChatClient(IChatClient innerClient, IAgentEventSink events, SecretRedactor? redactor, Func<int>? nextSequence)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(events);
        _events = events;
        _redactor = redactor ?? SecretRedactor.PatternsOnly;
        _nextSequence = nextSequence ?? (() => Interlocked.Increment(ref _sequence));
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var seq = await TraceRequestAsync(list, options, cancellationToken);
        var response = await base.GetResponseAsync(list, options, cancellationToken);
        await TraceResponseAsync(seq, list, response, cancellationToken);
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var seq = await TraceRequestAsync(list, options, cancellationToken);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in base.GetStreamingResponseAsync(list, options, cancellationToken))
        {
            updates.Add(update);
            yield return update;
        }

        await TraceResponseAsync(seq, list, updates.ToChatResponse(), cancellationToken);
    }

    private async ValueTask<int> TraceRequestAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        var seq = _nextSequence();
        string? system = null;
        var count = 0;
        var conversation = new List<ChatMessage>(messages.Count);
        foreach (var message in messages)
        {
            if (message.Role == ChatRole.System)
            {
                system = system is null ? message.Text : system + "\n\n" + message.Text;
                continue;
            }

            count++;
            conversation.Add(message);
        }

        var tools = options?.Tools ?? [];
        var toolBuffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(toolBuffer))
        {
            writer.WriteStartArray();
            foreach (var tool in tools)
            {
                writer.WriteStartObject();
                writer.WriteString("name", tool.Name);
                writer.WriteString("description", _redactor.Redact(tool.Description ?? string.Empty));
                if (tool is AIFunctionDeclaration function)
                {
                    writer.WritePropertyName("input_schema");
                    function.JsonSchema.WriteTo(writer);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        var reasoning = options?.Reasoning;
        await _events.EmitAsync(new LlmRequestEvent(
            seq,
            options?.ModelId ?? (GetService(typeof(ChatClientMetadata)) as ChatClientMetadata)?.DefaultModelId,
            system is null ? null : _redactor.Redact(system),
            ConversationJson.Messages(conversation, skipSystem: true, _redactor.Redact),
            Parse(toolBuffer),
            options?.MaxOutputTokens,
            options?.Temperature,
            reasoning is not null && reasoning.Effort != ReasoningEffort.None,
            reasoning?.Effort?.ToString().ToLowerInvariant(),
            count,
            tools.Count), cancellationToken);
        return seq;
    }

    private async ValueTask TraceResponseAsync(int seq, IReadOnlyList<ChatMessage> request, ChatResponse response, CancellationToken cancellationToken)
    {
        var contents = new List<AIContent>();
        foreach (var message in response.Messages)
        {
            contents.AddRange(message.Contents);
        }

        var calls = new List<FunctionCallContent>();
        foreach (var item in contents)
        {
            if (item is FunctionCallContent call)
            {
                calls.Add(call);
            }
        }

        var reply = new ChatMessage(ChatRole.Assistant, contents);
        await _events.EmitAsync(
            new LlmResponseEvent(seq, ConversationJson.Contents(contents, includeCalls: false, _redactor.Redact),
                ConversationJson.ToolCalls(calls, _redactor.Redact), calls.Count == 0, TokenEstimator.UsageOf(response.Usage, request, reply)),
            cancellationToken);
    }

    private static JsonElement Parse(ArrayBufferWriter<byte> buffer)
    {
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
