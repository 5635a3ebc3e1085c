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

    public void AddUsage(UsageDetails? usage)
    {
        Turns++;
        var call = new AgentUsage(usage?.InputTokenCount ?? 0, usage?.OutputTokenCount ?? 0);
        LastInputTokens = call.InputTokens;
        Usage += call;
        Session.Usage += call;
    }

    public AgentRunResult Result(AgentRunStatus status, string? errorMessage = null) =>
        new(status, Usage, LastInputTokens, Turns, Session.PlanMode, errorMessage);
}
