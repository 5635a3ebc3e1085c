using System.Text.Json.Serialization;

namespace OpenAgent.Core.Events;

/// <summary>
/// A sub-agent finished.
/// </summary>
/// <param name="SubagentId">The sub-agent's id.</param>
/// <param name="Summary">Its final answer (at most 2,000 characters).</param>
/// <param name="ToolCount">How many tool calls it made.</param>
/// <param name="Elapsed">How long it ran, in seconds.</param>
/// <param name="AgentType">The sub-agent type.</param>
/// <param name="Usage">The tokens it used.</param>
public sealed record SubagentEndEvent(string SubagentId, string Summary, int ToolCount, double Elapsed, string AgentType, AgentUsage Usage) : AgentEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => AgentEventTypes.SubagentEnd;
}
