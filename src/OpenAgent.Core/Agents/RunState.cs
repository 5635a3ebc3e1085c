using System.Collections.Generic;
using Microsoft.Extensions.AI;
using OpenAgent.Core.Events;

namespace OpenAgent.Core.Agents;

/// <summary>
/// The bookkeeping of one run: token totals, model calls made, and whether real (non-read-only) work happened.
/// </summary>
internal sealed class RunState(AgentSession session, SerializedEventSink sink)
{
    public AgentSession Session { get; } = session;

    public SerializedEventSink Sink { get; } = sink;

    public AgentUsage Usage { get; private set; } = AgentUsage.Zero;

    public long LastInputTokens { get; private set; }

    public int Turns { get; private set; }

    public bool RealWork { get; set; }

    public bool PlanModeOffered { get; set; } = session.PlanMode;

    private readonly List<ChatMessage> _request = [];
    private ChatMessage? _system;

    /// <summary>
    /// The messages of the next model call: the system prompt, then the history. One list and one system message
    /// serve every call of the run (the client has finished with them when the call's stream ends).
    /// </summary>
    public List<ChatMessage> PrepareRequest(string systemPrompt)
    {
        if (_system is null || !ReferenceEquals(_system.Text, systemPrompt) && _system.Text != systemPrompt)
        {
            _system = new ChatMessage(ChatRole.System, systemPrompt);
        }

        _request.Clear();
        _request.Add(_system);
        _request.AddRange(Session.History);
        return _request;
    }

    /// <summary>Adds a call's usage; when the provider reported none, estimates it from the request and the reply.</summary>
    public void AddUsage(UsageDetails? usage, ChatMessage reply)
    {
        Turns++;
        var call = Compaction.TokenEstimator.UsageOf(usage, _request, reply);
        LastInputTokens = call.InputTokens;
        Usage += call;
        Session.Usage += call;
    }

    /// <summary>Adds tokens a tool spent on its own model calls (a sub-agent).</summary>
    public void AddToolUsage(AgentUsage usage)
    {
        Usage += usage;
        Session.Usage += usage;
    }

    /// <summary>Gets or sets the error already reported for this run, if any.</summary>
    public string? Error { get; set; }

    public AgentRunResult Result(AgentRunStatus status, string? errorMessage = null) =>
        new(status, Usage, LastInputTokens, Turns, Session.PlanMode, errorMessage ?? Error);
}
