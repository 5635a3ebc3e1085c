using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenAgent.Core.Compaction;
using OpenAgent.Core.Diagnostics;
using OpenAgent.Core.Events;
using OpenAgent.Core.Tools;

namespace OpenAgent.Core.Agents;

/// <summary>
/// Runs a sub-agent: a fresh conversation with its own instructions and tool set, in the parent's workspace, that
/// works until it answers without tool calls, runs out of turns, or spends the parent's remaining token budget.
/// </summary>
/// <remarks>
/// Sub-agents have no <c>task</c> tool (so nesting stops at depth 2), ask for no approval, and are micro- and
/// auto-compacted like the main agent. The model is the <c>IChatClient</c> registered with the key
/// <see cref="ChatClientKey"/> if there is one, else the main one.
/// </remarks>
public sealed class SubAgentRunner
{
    /// <summary>The DI key of an optional <see cref="IChatClient"/> used for sub-agents.</summary>
    public const string ChatClientKey = DependencyInjection.OpenAgentChatClientKeys.Subagent;

    private readonly OpenAgentOptions _options;
    private readonly CompactionStrategy _compaction;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">The SDK options (sub-agent model and temperature, limits).</param>
    /// <param name="compaction">The compaction strategy.</param>
    public SubAgentRunner(IOptions<OpenAgentOptions> options, CompactionStrategy compaction)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(compaction);
        _options = options.Value;
        _compaction = compaction;
    }

    /// <summary>Runs a sub-agent of <paramref name="type"/> on <paramref name="prompt"/> for the call in <paramref name="parent"/>.</summary>
    /// <param name="parent">The <c>task</c> call that starts it.</param>
    /// <param name="type">The sub-agent type.</param>
    /// <param name="description">The task's short description.</param>
    /// <param name="prompt">What the sub-agent is asked to do.</param>
    /// <param name="cancellationToken">Cancelling the parent cancels the sub-agent.</param>
    /// <returns>The sub-agent's final answer, with the tokens it used.</returns>
    public async Task<ToolResult> RunAsync(ToolCallContext parent, SubAgentType type, string description, string prompt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(type);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var started = Stopwatch.GetTimestamp();
        await parent.Events.EmitAsync(new SubagentStartEvent(id, description, type.Name), cancellationToken);

        var model = parent.Session.Traced(
            parent.Services.GetKeyedService<IChatClient>(ChatClientKey) ?? parent.Services.GetRequiredService<IChatClient>(), parent.Events);
        var tools = new ToolRegistry(parent.Session.Tools.Tools.Where(t => IsAllowed(type, t)));
        var options = new ChatOptions
        {
            ModelId = _options.SubagentModelId ?? _options.ModelId,
            Temperature = _options.SubagentTemperature,
            MaxOutputTokens = _options.MaxOutputTokens,
            Tools = tools.Count > 0 ? tools.GetDeclarations() : null,
        };
        var system = new ChatMessage(ChatRole.System,
            $"You are a {type.Name} sub-agent working in {parent.WorkspacePath}; paths are relative to it. {type.Instructions}\n" +
            "When you are done, end with a clear, concise summary of what you found or did: it is all the main agent will see.");
        var history = new List<ChatMessage> { new(ChatRole.User, prompt) };
        var usage = AgentUsage.Zero;
        var toolCount = 0;
        var threshold = (long)(_options.ContextWindow * _options.CompactThreshold);
        using var activity = OpenAgentTelemetry.StartAgent(type.Name, id, parent.Session.Id, options.ModelId);
        var turns = 0;

        for (var turn = 0; turn < _options.MaxTurns; turn++)
        {
            turns++;
            _compaction.MicroCompact(history);
            cancellationToken.ThrowIfCancellationRequested();
            List<ChatMessage> request = [system, .. history];
            var response = await model.GetResponseAsync(request, options, cancellationToken).ConfigureAwait(false);
            var reply = AgentLoop.ToSingleAssistantMessage(response);
            var call = TokenEstimator.UsageOf(response.Usage, request, reply);
            var input = call.InputTokens;
            usage += call;
            history.Add(reply);

            var calls = reply.Contents.OfType<FunctionCallContent>().ToList();
            if (calls.Count == 0 || usage.TotalTokens > parent.TokenBudgetLeft)
            {
                break;
            }

            toolCount += calls.Count;
            var results = await Task.WhenAll(calls.Select(call => AgentLoop.InvokeForAsync(parent.Session, tools, call, parent.Events, caller: null, cancellationToken))).ConfigureAwait(false);
            history.Add(new ChatMessage(ChatRole.Tool, [.. calls.Select((call, i) => (AIContent)new FunctionResultContent(call.CallId, results[i].Content))]));

            if (input > threshold)
            {
                await _compaction.CompactAsync(new CompactionContext(parent.Session, history, CompactionTrigger.Automatic, input, null, AgentEventSink.Null), cancellationToken).ConfigureAwait(false);
            }
        }

        var answer = history.LastOrDefault(m => m.Role == ChatRole.Assistant && m.Text.Length > 0)?.Text
            ?? "(The sub-agent finished without a written answer.)";
        var elapsed = Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 2);
        OpenAgentTelemetry.EndAgent(activity, "completed", turns, usage.InputTokens, usage.OutputTokens, null, record: false);
        await parent.Events.EmitAsync(new SubagentEndEvent(id, answer.Length <= 2000 ? answer : answer[..2000], toolCount, elapsed, type.Name, usage), cancellationToken);
        return ToolResult.Success(answer) with { Usage = usage };
    }

    private static bool IsAllowed(SubAgentType type, IToolHandler tool) =>
        tool.Name != "task" && tool is not IConditionalToolHandler && (type.Tools is null || type.Tools.Contains(tool.Name));
}
