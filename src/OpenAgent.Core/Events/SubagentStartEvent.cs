using System.Text.Json.Serialization;

namespace OpenAgent.Core.Events;

/// <summary>
/// A sub-agent started working on a delegated task.
/// </summary>
/// <param name="SubagentId">The sub-agent's id (8 hex characters).</param>
/// <param name="Task">The task's short description.</param>
/// <param name="AgentType">The sub-agent type, such as <c>explore</c> or <c>code</c>.</param>
public sealed record SubagentStartEvent(string SubagentId, string Task, string AgentType) : AgentEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => AgentEventTypes.SubagentStart;
}
