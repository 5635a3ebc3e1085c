using System;
using System.Collections.Generic;
using Microsoft.Extensions.AI;
using OpenAgent.Core.Events;

namespace OpenAgent.Core.Agents;

/// <summary>
/// What an <see cref="IAgentTurnHook"/> sees at the top of a turn.
/// </summary>
public sealed class AgentTurnContext
{
    internal AgentTurnContext(AgentSession session, IAgentEventSink events)
    {
        Session = session;
        Events = events;
    }

    /// <summary>Gets the session.</summary>
    public AgentSession Session { get; }

    /// <summary>Gets the conversation; messages appended here are sent with this turn's call.</summary>
    public IList<ChatMessage> History => Session.History;

    /// <summary>Gets the sink for events the hook reports.</summary>
    public IAgentEventSink Events { get; }

    /// <summary>Gets the turn's index within the run, from 0.</summary>
    public int TurnIndex { get; internal set; }

    /// <summary>
    /// Appends a user message carrying news for this turn's call, such as finished background jobs or team mail. No
    /// synthetic assistant reply follows it: the request still ends on the user's side, as providers expect (a request
    /// that ends with an assistant message is a "prefill", which current Anthropic models refuse and others read as the
    /// start of their own answer). Both providers accept it right after the user's prompt or after tool results.
    /// </summary>
    /// <param name="text">The news, for example <c>&lt;background-results&gt;...&lt;/background-results&gt;</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public void AppendNotice(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        History.Add(new ChatMessage(ChatRole.User, text));
    }
}
