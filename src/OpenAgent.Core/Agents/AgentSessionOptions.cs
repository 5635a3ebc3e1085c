namespace OpenAgent.Core.Agents;

/// <summary>
/// How a new session starts. Everything is optional.
/// </summary>
public sealed class AgentSessionOptions
{
    /// <summary>Gets or sets the session id. Default: 12 random hex characters.</summary>
    public string? Id { get; set; }

    /// <summary>Gets or sets the workspace folder. Default: <see cref="OpenAgentOptions.WorkspaceDir"/>. Created if missing.</summary>
    public string? WorkspacePath { get; set; }

    /// <summary>Gets or sets a system prompt that replaces the composed one.</summary>
    public string? SystemPrompt { get; set; }

    /// <summary>Gets or sets the prompt preset. Default: <see cref="OpenAgentOptions.DefaultPreset"/>.</summary>
    public string? Preset { get; set; }

    /// <summary>Gets or sets a value indicating whether agent teams are on.</summary>
    public bool TeamsEnabled { get; set; }

    /// <summary>Gets or sets a value indicating whether tool calls that are not read-only wait for approval.</summary>
    public bool ApprovalEnabled { get; set; }

    /// <summary>Gets or sets a value indicating whether the session starts in plan mode.</summary>
    public bool PlanMode { get; set; }

    /// <summary>Gets or sets a value indicating whether model requests and responses are reported as events.</summary>
    public bool TracingEnabled { get; set; }

    /// <summary>Gets or sets the approver for this session, overriding the one registered in DI.</summary>
    public IToolApprover? Approver { get; set; }
}
