using System;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAgent.Core;
using OpenAgent.Core.Llm;

namespace Microsoft.Extensions.AI;

/// <summary>
/// Adds <see cref="AgentRetryChatClient"/> to a chat client pipeline.
/// </summary>
public static class AgentRetryChatClientBuilderExtensions
{
    /// <summary>
    /// Retries transient model failures with jittered exponential backoff. Limits come from
    /// <see cref="OpenAgentOptions"/> (<c>LlmMaxRetries</c>, <c>LlmRetryBaseDelay</c>, <c>LlmRetryMaxDelay</c>) when they are
    /// registered, and <paramref name="configure"/> can change them.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Changes to the client.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static ChatClientBuilder UseAgentRetry(this ChatClientBuilder builder, Action<AgentRetryChatClient>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
        {
            var client = new AgentRetryChatClient(
                inner,
                services.GetService<TimeProvider>(),
                services.GetService<ILoggerFactory>()?.CreateLogger<AgentRetryChatClient>());
            if (services.GetService<IOptions<OpenAgentOptions>>()?.Value is { } options)
            {
                client.MaxRetries = options.LlmMaxRetries;
                client.BaseDelay = options.LlmRetryBaseDelay;
                client.MaxDelay = options.LlmRetryMaxDelay;
            }

            configure?.Invoke(client);
            return client;
        });
    }
}
