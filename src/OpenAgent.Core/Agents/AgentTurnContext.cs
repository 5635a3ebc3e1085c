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

    /// <summary>Appends a synthetic exchange: a user message carrying news and a short assistant acknowledgement, so the
    /// conversation still alternates and the model reads the news as context rather than a new request.</summary>
    /// <param name="userText">The news, for example <c>&lt;background-results&gt;...&lt;/background-results&gt;</c>.</param>
    /// <param name="assistantText">The acknowledgement.</param>
    public void AppendExchange(string userText, string assistantText)
    {
        ArgumentNullException.ThrowIfNull(userText);
        ArgumentNullException.ThrowIfNull(assistantText);
        History.Add(new ChatMessage(ChatRole.User, userText));
        History.Add(new ChatMessage(ChatRole.Assistant, assistantText));
    }
}
