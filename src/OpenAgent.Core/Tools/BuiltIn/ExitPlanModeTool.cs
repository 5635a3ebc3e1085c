using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Events;

namespace OpenAgent.Core.Tools.BuiltIn;

/// <summary>
/// <c>exit_plan_mode</c>: submits the plan for the user's approval. Emits <c>plan_ready</c> and ends the run; the session
/// stays in plan mode until the host switches it off (typically when the user approves the plan).
/// </summary>
public sealed class ExitPlanModeTool : IConditionalToolHandler
{
    private static readonly JsonElement Schema = JsonElement.Parse("""
        {
          "type": "object",
          "properties": {
            "plan": { "type": "string", "description": "The plan in Markdown. If omitted, your messages since plan mode began are the plan." }
          }
        }
        """);

    /// <inheritdoc />
    public string Name => "exit_plan_mode";

    /// <inheritdoc />
    public string Description =>
        "Submit your plan for the user's approval and leave plan mode once it is approved. Give the full plan in Markdown.";

    /// <inheritdoc />
    public JsonElement InputSchema => Schema;

    /// <inheritdoc />
    public bool IsReadOnly => true;

    /// <inheritdoc />
    public bool IsAvailable(AgentSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.PlanMode;
    }

    /// <inheritdoc />
    public async ValueTask<ToolResult> InvokeAsync(ToolCallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var session = context.Session;
        if (!session.PlanMode)
        {
            return ToolResult.Success("Plan mode is not on; carry on with the task.");
        }

        var plan = context.GetString("plan") is { Length: > 0 } given ? given : PlanText.Extract(session);
        session.PlanReadySent = true;
        await context.Events.EmitAsync(new PlanReadyEvent(plan), cancellationToken);
        return ToolResult.Success("The plan was submitted for the user's approval. Stop here and wait for their answer.") with { EndsRun = true };
    }
}
