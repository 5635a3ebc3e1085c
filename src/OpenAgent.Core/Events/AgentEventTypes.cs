namespace OpenAgent.Core.Events;

/// <summary>
/// The <c>"type"</c> names of every <see cref="AgentEvent"/> as it appears on the wire.
/// </summary>
/// <remarks>These names are a contract with existing clients of the openagent-core protocol: never rename them.</remarks>
public static class AgentEventTypes
{
    /// <summary>A chunk of streamed assistant text.</summary>
    public const string TextDelta = "text_delta";
    /// <summary>The model asked for a tool call.</summary>
    public const string ToolCall = "tool_call";
    /// <summary>A tool call finished.</summary>
    public const string ToolResult = "tool_result";
    /// <summary>A tool call waits for the user's approval.</summary>
    public const string ToolApprovalRequest = "tool_approval_request";
    /// <summary>The user's approval decision.</summary>
    public const string ToolApprovalResult = "tool_approval_result";
    /// <summary>A sub-agent started.</summary>
    public const string SubagentStart = "subagent_start";
    /// <summary>A sub-agent finished.</summary>
    public const string SubagentEnd = "subagent_end";
    /// <summary>The session's todo list changed.</summary>
    public const string TodoUpdate = "todo_update";
    /// <summary>The task board changed.</summary>
    public const string TaskUpdate = "task_update";
    /// <summary>Background jobs finished.</summary>
    public const string BackgroundResult = "background_result";
    /// <summary>A teammate changed state.</summary>
    public const string TeammateStatus = "teammate_status";
    /// <summary>The conversation was compacted.</summary>
    public const string Compact = "compact";
    /// <summary>A traced model request.</summary>
    public const string LlmRequest = "llm_request";
    /// <summary>A traced model response.</summary>
    public const string LlmResponse = "llm_response";
    /// <summary>The run was interrupted by new user input.</summary>
    public const string Interrupted = "interrupted";
    /// <summary>The run finished.</summary>
    public const string Done = "done";
    /// <summary>The run failed or was stopped.</summary>
    public const string Error = "error";
    /// <summary>Plan mode was switched on or off.</summary>
    public const string PlanModeChanged = "plan_mode_changed";
    /// <summary>A plan is ready for the user's review.</summary>
    public const string PlanReady = "plan_ready";
    /// <summary>The user approved the plan.</summary>
    public const string PlanApproved = "plan_approved";
    /// <summary>The user rejected the plan.</summary>
    public const string PlanRejected = "plan_rejected";
    /// <summary>Teams were switched on or off.</summary>
    public const string TeamsChanged = "teams_changed";
    /// <summary>Tool approval was switched on or off.</summary>
    public const string ApprovalChanged = "approval_changed";
}
