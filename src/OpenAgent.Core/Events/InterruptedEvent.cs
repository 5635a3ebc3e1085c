using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace OpenAgent.Core.Events;

/// <summary>
/// The run was interrupted by new user input; a new run with that input follows.
/// </summary>
/// <param name="Usage">The tokens the interrupted run used.</param>
/// <param name="Files">The files in the workspace.</param>
public sealed record InterruptedEvent(AgentUsage Usage, IReadOnlyList<WorkspaceFile> Files) : AgentEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => AgentEventTypes.Interrupted;
}
