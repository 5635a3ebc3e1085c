using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Events;

namespace OpenAgent.Core.Tools.BuiltIn;

/// <summary>
/// <c>enter_plan_mode</c>: switches the session to read-only planning. Offered only outside plan mode.
/// </summary>
public sealed class EnterPlanModeTool : IConditionalToolHandler
{
    private static readonly JsonElement Schema = JsonElement.Parse("""{ "type": "object", "properties": {} }""");

    /// <inheritdoc />
    public string Name => "enter_plan_mode";

    /// <inheritdoc />
    public string Description =>
        "Switch to plan mode before a large or risky change: explore with read-only tools, write a plan, then submit it " +
        "for the user's approval with exit_plan_mode. Nothing is changed until the plan is approved.";

    /// <inheritdoc />
    public JsonElement InputSchema => Schema;

    /// <inheritdoc />
    public bool IsReadOnly => true;

    /// <inheritdoc />
    public bool IsAvailable(AgentSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return !session.PlanMode;
    }

    /// <inheritdoc />
    public async ValueTask<ToolResult> InvokeAsync(ToolCallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var session = context.Session;
        if (session.PlanMode)
        {
            return ToolResult.Success("Plan mode is already on.");
        }

        session.PlanMode = true;
        session.PlanStartIndex = session.History.Count;
        await context.Events.EmitAsync(new PlanModeChangedEvent(true), cancellationToken);
        return ToolResult.Success(
            "Plan mode is on: only read-only tools are available. Explore, write the plan, then call exit_plan_mode with it.");
    }
}
