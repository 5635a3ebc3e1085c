using System;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Core.Events;
using OpenAgent.Core.Llm;

namespace Microsoft.Extensions.AI;

/// <summary>
/// Adds <see cref="AgentTracingChatClient"/> to a chat client pipeline.
/// </summary>
public static class AgentTracingChatClientBuilderExtensions
{
    /// <summary>
    /// Reports every call as <c>llm_request</c> / <c>llm_response</c> events to <paramref name="events"/>, secrets masked by the
    /// registered <see cref="SecretRedactor"/> (or by pattern). Add it last, after <c>UseAgentRetry()</c>, so a retried call
    /// is traced once. Agent sessions do not need this: they trace by themselves when <c>TracingEnabled</c> is set.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="events">Where the events go.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static ChatClientBuilder UseAgentTracing(this ChatClientBuilder builder, IAgentEventSink events)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(events);
        return builder.Use((inner, services) => new AgentTracingChatClient(inner, events, services.GetService<SecretRedactor>()));
    }
}
