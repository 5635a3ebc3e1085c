using System.Collections.Generic;
using Microsoft.Extensions.AI;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Events;

namespace OpenAgent.Core.Compaction;

/// <summary>
/// What a <see cref="CompactionStrategy"/> works on.
/// </summary>
/// <param name="Session">The session whose history is compacted.</param>
/// <param name="History">The history; the strategy replaces its contents in place.</param>
/// <param name="Trigger">Why compaction runs.</param>
/// <param name="LastInputTokens">The input tokens of the last model call.</param>
/// <param name="Focus">What the summary should keep in particular, when the compaction was asked for with one.</param>
/// <param name="Events">Where the strategy may report events.</param>
public sealed record CompactionContext(
    AgentSession Session,
    IList<ChatMessage> History,
    CompactionTrigger Trigger,
    long LastInputTokens,
    string? Focus,
    IAgentEventSink Events);
