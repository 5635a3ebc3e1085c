using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace OpenAgent.Testing;

/// <summary>
/// An <see cref="IChatClient"/> that plays scripted turns in order, streaming them as a provider would, and records
/// every request it receives. Use it to test an agent, a tool or a host without a model.
/// </summary>
/// <example>
/// <code>
/// var model = new ScriptedChatClient()
///     .Enqueue(ScriptedTurn.ToolCall("read_file", new { path = "notes.md" }))
///     .Enqueue(ScriptedTurn.Text("The notes say ", "hello.").WithUsage(120, 8));
/// services.AddChatClient(model);
/// // ... run the agent, then:
/// Assert.Equal(2, model.Requests.Count);
/// </code>
/// </example>
/// <remarks>
/// A request that finds the script empty fails with a <see cref="ScriptExhaustedException"/> that says which request it
/// was and what it asked, so an unexpected extra model call is easy to diagnose. The client is thread-safe.
/// </remarks>
public sealed class ScriptedChatClient : IChatClient
{
    private readonly Queue<Func<ScriptedRequest, ScriptedTurn>> _script = new();
    private readonly List<ScriptedRequest> _requests = [];
    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private readonly ChatClientMetadata _metadata = new("scripted", null, "scripted");

    /// <summary>Initializes a new instance with an empty script.</summary>
    /// <param name="timeProvider">The clock for <see cref="ScriptedTurn.WithDelay"/>; <see cref="TimeProvider.System"/> by default.</param>
    public ScriptedChatClient(TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Initializes a new instance that plays <paramref name="turns"/> in order.</summary>
    /// <param name="turns">The turns.</param>
    public ScriptedChatClient(params ScriptedTurn[] turns)
        : this(timeProvider: null)
    {
        ArgumentNullException.ThrowIfNull(turns);
        foreach (var turn in turns)
        {
            Enqueue(turn);
        }
    }

    /// <summary>Gets the requests received so far, in order.</summary>
    public IReadOnlyList<ScriptedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Gets how many scripted turns have not been played yet.</summary>
    public int RemainingTurns
    {
        get
        {
            lock (_gate)
            {
                return _script.Count;
            }
        }
    }

    /// <summary>Adds a turn to the end of the script.</summary>
    /// <param name="turn">The turn.</param>
    /// <returns>This client.</returns>
    public ScriptedChatClient Enqueue(ScriptedTurn turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return Enqueue(_ => turn);
    }

    /// <summary>Adds a turn decided when its request arrives, for a reply that depends on what the agent sent.</summary>
    /// <param name="respond">Makes the turn from the request.</param>
    /// <returns>This client.</returns>
    public ScriptedChatClient Enqueue(Func<ScriptedRequest, ScriptedTurn> respond)
    {
        ArgumentNullException.ThrowIfNull(respond);
        lock (_gate)
        {
            _script.Enqueue(respond);
        }

        return this;
    }

    /// <summary>Adds a text-only turn.</summary>
    /// <param name="chunks">The text chunks.</param>
    /// <returns>This client.</returns>
    public ScriptedChatClient EnqueueText(params string[] chunks) => Enqueue(ScriptedTurn.Text(chunks));

    /// <summary>Adds a turn with one tool call.</summary>
    /// <param name="name">The tool's name.</param>
    /// <param name="arguments">The arguments (an anonymous object, a dictionary or a JSON element).</param>
    /// <returns>This client.</returns>
    public ScriptedChatClient EnqueueToolCall(string name, object? arguments = null) => Enqueue(ScriptedTurn.ToolCall(name, arguments));

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (turn, index) = Next(messages, options, streaming: false);
        await WaitAsync(turn, cancellationToken);
        if (turn.Exception is { } exception)
        {
            throw exception;
        }

        var message = new ChatMessage(ChatRole.Assistant, [.. turn.Contents]) { MessageId = MessageId(index) };
        return new ChatResponse(message)
        {
            ResponseId = ResponseId(index),
            ModelId = turn.ModelId ?? options?.ModelId,
            FinishReason = FinishReason(turn),
            Usage = Usage(turn),
        };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (turn, index) = Next(messages, options, streaming: true);
        await WaitAsync(turn, cancellationToken);
        for (var i = 0; i < turn.Contents.Count; i++)
        {
            if (i == turn.ExceptionAfter)
            {
                throw turn.Exception!;
            }

            cancellationToken.ThrowIfCancellationRequested();
            yield return Update(index, turn, [turn.Contents[i]]);
        }

        if (turn.Exception is { } exception && turn.ExceptionAfter >= turn.Contents.Count)
        {
            throw exception;
        }

        var last = Update(index, turn, turn.Usage() is { } usage ? [new UsageContent(usage)] : []);
        last.FinishReason = FinishReason(turn);
        yield return last;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this
            : serviceKey is null && serviceType == typeof(ChatClientMetadata) ? _metadata
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private (ScriptedTurn Turn, int Index) Next(IEnumerable<ChatMessage> messages, ChatOptions? options, bool streaming)
    {
        ArgumentNullException.ThrowIfNull(messages);
        Func<ScriptedRequest, ScriptedTurn> respond;
        ScriptedRequest request;
        lock (_gate)
        {
            request = new ScriptedRequest(_requests.Count, [.. messages], options, streaming);
            _requests.Add(request);
            if (!_script.TryDequeue(out respond!))
            {
                throw new ScriptExhaustedException(DescribeExhaustion(request));
            }
        }

        var turn = respond(request) ?? throw new InvalidOperationException($"The responder for request #{request.Index + 1} returned no turn.");
        return (turn, request.Index);
    }

    private static string DescribeExhaustion(ScriptedRequest request)
    {
        var last = request.LastMessage;
        var lastText = last is null ? "(no messages)" : $"{last.Role}: {Shorten(Describe(last))}";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"ScriptedChatClient received request #{request.Index + 1}, but only {request.Index} turn(s) were scripted. The request had {request.Messages.Count} message(s); the last was {lastText}. Enqueue another ScriptedTurn, or find out why the agent called the model again.");
    }

    private static string Describe(ChatMessage message)
    {
        if (message.Text.Length > 0)
        {
            return message.Text;
        }

        return string.Join(", ", message.Contents.Select(c => c switch
        {
            FunctionCallContent call => $"call {call.Name}",
            FunctionResultContent result => $"result of {result.CallId}: {result.Result}",
            _ => c.GetType().Name,
        }));
    }

    private static string Shorten(string text) => text.Length <= 200 ? $"'{text}'" : $"'{text[..200]}...'";

    private Task WaitAsync(ScriptedTurn turn, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return turn.Delay > TimeSpan.Zero ? Task.Delay(turn.Delay, _timeProvider, cancellationToken) : Task.CompletedTask;
    }

    private static ChatResponseUpdate Update(int index, ScriptedTurn turn, IList<AIContent> contents) => new(ChatRole.Assistant, contents)
    {
        MessageId = MessageId(index),
        ResponseId = ResponseId(index),
        ModelId = turn.ModelId,
    };

    private static ChatFinishReason FinishReason(ScriptedTurn turn) =>
        turn.FinishReason ?? (turn.HasToolCalls ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop);

    private static UsageDetails? Usage(ScriptedTurn turn) => turn.Usage();

    private static string MessageId(int index) => "msg_" + index.ToString(CultureInfo.InvariantCulture);

    private static string ResponseId(int index) => "resp_" + index.ToString(CultureInfo.InvariantCulture);
}
