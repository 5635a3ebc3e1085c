namespace OpenAgent.Core.DependencyInjection;

/// <summary>
/// Service keys for giving parts of the agent their own model. Register a keyed <see cref="Microsoft.Extensions.AI.IChatClient"/>
/// under one of these (for example <c>services.AddKeyedChatClient(OpenAgentChatClientKeys.Compaction, cheapModel)</c>) and
/// that part uses it; without one it uses the main <see cref="Microsoft.Extensions.AI.IChatClient"/>. The model id sent can
/// be changed separately with <c>SubagentModelId</c>, <c>TeammateModelId</c> and <c>CompactModelId</c>.
/// </summary>
public static class OpenAgentChatClientKeys
{
    /// <summary>The model for sub-agents started by the <c>task</c> tool.</summary>
    public const string Subagent = "subagent";

    /// <summary>The model for teammates.</summary>
    public const string Teammate = "teammate";

    /// <summary>The model for compaction summaries and memory updates.</summary>
    public const string Compaction = "compaction";
}
