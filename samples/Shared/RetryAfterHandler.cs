using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace OpenAgent.Samples.Shared;

/// <summary>
/// Turns a failed response that carries <c>Retry-After</c> into an <see cref="HttpRequestException"/> with the status, the
/// body, and the wait in <c>Data["Retry-After"]</c>, where <c>UseAgentRetry()</c> reads it. Needed for SDKs whose
/// exceptions drop the response headers (the Anthropic SDK's do); responses without the header pass through untouched.
/// </summary>
public sealed class RetryAfterHandler : DelegatingHandler
{
    /// <summary>Initializes a new instance over <see cref="HttpClientHandler"/>.</summary>
    public RetryAfterHandler()
        : base(new SocketsHttpHandler())
    {
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode || response.Headers.RetryAfter is not { } retryAfter)
        {
            return response;
        }

        var wait = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        if (wait is null)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            throw new HttpRequestException($"HTTP {status} ({response.ReasonPhrase}): {body}", null, response.StatusCode)
            {
                Data = { ["Retry-After"] = wait.Value < TimeSpan.Zero ? TimeSpan.Zero : wait.Value },
            };
        }
    }
}
