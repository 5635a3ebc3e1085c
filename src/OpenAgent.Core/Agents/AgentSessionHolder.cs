namespace OpenAgent.Core.Agents;

/// <summary>
/// Scoped holder that lets services of a session's scope receive the <see cref="AgentSession"/> they belong to.
/// </summary>
internal sealed class AgentSessionHolder
{
    public AgentSession? Session { get; set; }
}
