using System;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Core.Agents;

namespace OpenAgent.Core.Tools.BuiltIn;

/// <summary>
/// <c>task</c>: delegates a piece of work to a sub-agent with a fresh context; its final answer comes back as the result.
/// </summary>
public sealed class SubAgentTool : IToolHandler
{
    private static readonly JsonElement Schema = JsonElement.Parse($$"""
        {
          "type": "object",
          "properties": {
            "description": { "type": "string", "description": "The task in 3 to 5 words." },
            "prompt": { "type": "string", "description": "Everything the sub-agent needs to know: it sees nothing else of this conversation." },
            "agent_type": { "type": "string", "enum": [{{string.Join(", ", SubAgentType.BuiltIn.Select(t => $"\"{t.Name}\""))}}] }
          },
          "required": ["description", "prompt", "agent_type"]
        }
        """);

    /// <inheritdoc />
    public string Name => "task";

    /// <inheritdoc />
    public string Description =>
        "Delegate a self-contained piece of work to a sub-agent with a fresh context, and get its final answer. " +
        "Several task calls in one reply run in parallel. Types: " +
        string.Join("; ", SubAgentType.BuiltIn.Select(t => $"{t.Name}: {t.Description}"));

    /// <inheritdoc />
    public JsonElement InputSchema => Schema;

    /// <inheritdoc />
    public bool IsReadOnly => false;

    /// <inheritdoc />
    public async ValueTask<ToolResult> InvokeAsync(ToolCallContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var typeName = context.GetRequiredString("agent_type");
        var type = SubAgentType.BuiltIn.FirstOrDefault(t => t.Name == typeName);
        if (type is null)
        {
            return ToolResult.Error($"Unknown agent type '{typeName}'. Use one of: {string.Join(", ", SubAgentType.BuiltIn.Select(t => t.Name))}.");
        }

        return await context.Services.GetRequiredService<SubAgentRunner>()
            .RunAsync(context, type, context.GetRequiredString("description"), context.GetRequiredString("prompt"), cancellationToken)
            .ConfigureAwait(false);
    }
}
