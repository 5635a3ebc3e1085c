using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace OpenAgent.Core.Events;

/// <summary>
/// The run finished.
/// </summary>
/// <param name="Usage">The tokens the run used.</param>
/// <param name="Files">The files in the workspace.</param>
public sealed record DoneEvent(AgentUsage Usage, IReadOnlyList<WorkspaceFile> Files) : AgentEvent
{
    /// <inheritdoc />
    [JsonIgnore]
    public override string Type => AgentEventTypes.Done;
}
