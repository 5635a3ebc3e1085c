using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OpenAgent.Core.Llm;

/// <summary>
/// Retries model calls that failed for a passing reason — HTTP 408, 429, 500, 502, 503, 504 or 529 from any provider
/// SDK, a lost connection, a timeout, an I/O error — with jittered exponential backoff:
/// <c>min(BaseDelay · 2^n + U(0, 1 s), MaxDelay)</c>, or the server's <c>Retry-After</c> when it gives one.
/// </summary>
/// <remarks>
/// A streaming call is retried only until its first update arrives, never in the middle of a stream (the caller has
/// already seen part of the answer). Waiting uses the <see cref="TimeProvider"/> and stops at once when the call is
/// cancelled. Add it with <c>builder.UseAgentRetry()</c>.
/// </remarks>
public sealed partial class AgentRetryChatClient : DelegatingChatClient
{
    private static readonly int[] TransientStatuses = [408, 429, 500, 502, 503, 504, 529];
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="innerClient">The client to call.</param>
    /// <param name="timeProvider">The clock for waits; <see cref="TimeProvider.System"/> by default.</param>
    /// <param name="logger">Where retries are logged.</param>
    public AgentRetryChatClient(IChatClient innerClient, TimeProvider? timeProvider = null, ILogger? logger = null)
        : base(innerClient)
    {
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Gets or sets how many times a call is retried (so 3 means up to 4 attempts). Default 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Gets or sets the first delay, doubled for each retry. Default 1 second.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest delay. Default 30 seconds.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the source of the random part of each delay, in [0, 1). Tests fix it.</summary>
    public Func<double> Jitter { get; set; } = Random.Shared.NextDouble;

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (attempt < MaxRetries && IsTransient(ex, cancellationToken))
            {
                await WaitBeforeRetryAsync(ex, attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (stream, first) = await OpenStreamAsync(messages, options, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            if (first is null)
            {
                yield break;
            }

            yield return first;

            // From here on the caller has seen part of the answer: failures propagate, never retried.
            while (await stream.MoveNextAsync().ConfigureAwait(false))
            {
                yield return stream.Current;
            }
        }
    }

    /// <summary>Whether <paramref name="exception"/> is worth another attempt.</summary>
    /// <param name="exception">The failure.</param>
    /// <param name="cancellationToken">The call's token: a cancellation by the caller is never retried.</param>
    /// <returns><see langword="true"/> when the failure is transient.</returns>
    public static bool IsTransient(Exception exception, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        if (StatusOf(exception) is { } status)
        {
            return Array.IndexOf(TransientStatuses, status) >= 0;
        }

        return exception switch
        {
            HttpRequestException => true,              // no status: the connection failed
            TimeoutException or IOException => true,
            OperationCanceledException => true,        // not the caller's token: an HTTP timeout
            _ => exception.InnerException is { } inner && IsTransient(inner, cancellationToken),
        };
    }

    private async Task<(IAsyncEnumerator<ChatResponseUpdate> Stream, ChatResponseUpdate? First)> OpenStreamAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var stream = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                return await stream.MoveNextAsync().ConfigureAwait(false) ? (stream, stream.Current) : (stream, null);
            }
            catch (Exception ex) when (attempt < MaxRetries && IsTransient(ex, cancellationToken))
            {
                await stream.DisposeAsync().ConfigureAwait(false);
                await WaitBeforeRetryAsync(ex, attempt, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await stream.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    private async Task WaitBeforeRetryAsync(Exception exception, int attempt, CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromSeconds(Math.Min(
            (BaseDelay.TotalSeconds * Math.Pow(2, attempt)) + Jitter(),
            MaxDelay.TotalSeconds));
        var delay = RetryAfter(exception) is { } serverDelay ? Clamp(serverDelay) : backoff;
        LogRetry(_logger, attempt + 1, MaxRetries, delay.TotalSeconds, exception.Message);
        await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
    }

    private TimeSpan Clamp(TimeSpan delay) => delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxDelay ? MaxDelay : delay;

    /// <summary>The HTTP status of a provider SDK's exception: <c>HttpRequestException.StatusCode</c>, or an int
    /// <c>Status</c>/<c>StatusCode</c> property (OpenAI's and Anthropic's exception types have one).</summary>
    private static int? StatusOf(Exception exception)
    {
        if (exception is HttpRequestException { StatusCode: { } code })
        {
            return (int)code;
        }

        foreach (var name in (string[])["Status", "StatusCode"])
        {
            var value = exception.GetType().GetProperty(name)?.GetValue(exception);
            switch (value)
            {
                case int status when status > 0:
                    return status;
                case System.Net.HttpStatusCode status:
                    return (int)status;
            }
        }

        return null;
    }

    /// <summary>The server's <c>Retry-After</c>: from <c>Exception.Data["Retry-After"]</c> (seconds or a
    /// <see cref="TimeSpan"/>), or from the raw response headers of System.ClientModel-based SDKs, on the exception or
    /// one it wraps.</summary>
    private static TimeSpan? RetryAfter(Exception exception)
    {
        // SDKs wrap transport errors, so the value may sit on an inner exception.
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            var value = e.Data.Contains("Retry-After") ? e.Data["Retry-After"] : HeaderFromRawResponse(e);
            TimeSpan? wait = value switch
            {
                TimeSpan span => span,
                int seconds => TimeSpan.FromSeconds(seconds),
                double seconds => TimeSpan.FromSeconds(seconds),
                string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) => TimeSpan.FromSeconds(seconds),
                _ => null,
            };
            if (wait is not null)
            {
                return wait;
            }
        }

        return null;
    }

    private static string? HeaderFromRawResponse(Exception exception)
    {
        var response = exception.GetType().GetMethod("GetRawResponse", Type.EmptyTypes)?.Invoke(exception, null);
        var headers = response?.GetType().GetProperty("Headers")?.GetValue(response);
        if (headers is IEnumerable pairs)
        {
            foreach (var pair in pairs)
            {
                if (pair is KeyValuePair<string, string> { Key: var key, Value: var text } && key.Equals("Retry-After", StringComparison.OrdinalIgnoreCase))
                {
                    return text;
                }
            }
        }

        return null;
    }

    [LoggerMessage(EventId = 600, Level = LogLevel.Warning, Message = "Model call failed ({Error}); retry {Attempt} of {MaxRetries} in {DelaySeconds:0.0} s.")]
    private static partial void LogRetry(ILogger logger, int attempt, int maxRetries, double delaySeconds, string error);
}
