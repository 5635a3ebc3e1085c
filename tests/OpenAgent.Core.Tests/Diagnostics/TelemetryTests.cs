using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Diagnostics;
using OpenAgent.Core.Teams;
using OpenAgent.Core.Tests.Support;
using OpenAgent.Core.Tools;
using OpenAgent.Testing;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Xunit;

namespace OpenAgent.Core.Tests.Diagnostics;

[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection;

/// <summary>Spans and metrics exported through the real OpenTelemetry SDK to its in-memory exporter.</summary>
[Collection(nameof(TelemetryCollection))]
public sealed class TelemetryTests
{
    private const string MeaiSource = "Experimental.Microsoft.Extensions.AI";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_run_exports_invoke_agent_turn_and_execute_tool_spans_with_model_spans_from_UseOpenTelemetry_nested_inside()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(OpenAgentTelemetry.ActivitySourceName, MeaiSource)
            .AddInMemoryExporter(spans)
            .Build();

        var model = new ScriptedChatClient(
            ScriptedTurn.ToolCall("probe", null, "call_7").WithUsage(100, 10),
            ScriptedTurn.ToolCall("broken", null, "call_8").WithUsage(110, 10),
            ScriptedTurn.Text("finished").WithUsage(120, 5));
        using var workspace = new TempWorkspace();
        var services = new ServiceCollection();
        services.AddChatClient(model).UseOpenTelemetry();
        services.AddOpenAgent(o => { o.WorkspaceDir = workspace.Path; o.ModelId = "scripted-model"; })
            .AddTool(DelegateTool.Returning("probe", "ok"))
            .AddTool(new DelegateTool("broken", (_, _) => ValueTask.FromResult(ToolResult.Error("it broke"))));
        await using var provider = services.BuildServiceProvider();
        await using var session = provider.GetRequiredService<AgentSessionFactory>().CreateSession();

        await session.RunAsync("go", new RecordingSink(), Ct);
        tracing.ForceFlush();

        var mine = spans.Where(s => s.TraceId == spans.Single(a => a.DisplayName == "invoke_agent openagent"
            && (string?)a.GetTagItem("gen_ai.conversation.id") == session.Id).TraceId).ToList();
        var run = mine.Single(s => s.DisplayName == "invoke_agent openagent");
        Assert.Equal("invoke_agent", run.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("scripted-model", run.GetTagItem("gen_ai.request.model"));
        Assert.Equal(330L, run.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(25L, run.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.Equal("completed", run.GetTagItem("openagent.run.status"));
        Assert.Equal(ActivityStatusCode.Unset, run.Status);

        var turns = mine.Where(s => s.DisplayName == "agent_turn").OrderBy(s => s.StartTimeUtc).ToList();
        Assert.Equal(3, turns.Count);
        Assert.All(turns, t => Assert.Equal(run.SpanId, t.ParentSpanId));

        var probe = mine.Single(s => s.DisplayName == "execute_tool probe");
        Assert.Equal("execute_tool", probe.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("call_7", probe.GetTagItem("gen_ai.tool.call.id"));
        Assert.Equal(turns[0].SpanId, probe.ParentSpanId);
        var broken = mine.Single(s => s.DisplayName == "execute_tool broken");
        Assert.Equal(ActivityStatusCode.Error, broken.Status);
        Assert.Equal("tool_error", broken.GetTagItem("error.type"));

        // Microsoft.Extensions.AI's own chat spans sit inside the turn that made the call.
        var chats = mine.Where(s => s.Source.Name == MeaiSource).OrderBy(s => s.StartTimeUtc).ToList();
        Assert.Equal(3, chats.Count);
        Assert.Equal(turns.Select(t => t.SpanId), chats.Select(c => c.ParentSpanId));
    }

    [Fact]
    public async Task Token_run_and_tool_counters_are_exported_and_a_failed_run_marks_its_span_as_an_error()
    {
        var metrics = new List<Metric>();
        var spans = new List<Activity>();
        using var meters = Sdk.CreateMeterProviderBuilder().AddMeter(OpenAgentTelemetry.MeterName).AddInMemoryExporter(metrics).Build();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(OpenAgentTelemetry.ActivitySourceName).AddInMemoryExporter(spans).Build();

        await using var h = new AgentHarness(b => b.AddTool(DelegateTool.Returning("probe", "ok")));
        h.Model.Enqueue(ScriptedTurn.ToolCall("probe").WithUsage(40, 4))
               .Enqueue(ScriptedTurn.Text("done").WithUsage(50, 6))
               .Enqueue(ScriptedTurn.Throw(new System.InvalidOperationException("boom")));
        await using var session = h.NewSession();
        await session.RunAsync("one", h.Sink, Ct);
        await session.RunAsync("two", h.Sink, Ct);
        meters.ForceFlush();
        tracing.ForceFlush();

        Assert.Equal(90, Sum(metrics, "openagent.tokens", "gen_ai.token.type", "input"));
        Assert.Equal(10, Sum(metrics, "openagent.tokens", "gen_ai.token.type", "output"));
        Assert.Equal(1, Sum(metrics, "openagent.runs", "openagent.run.status", "completed"));
        Assert.Equal(1, Sum(metrics, "openagent.runs", "openagent.run.status", "failed"));
        Assert.Equal(1, Sum(metrics, "openagent.tool.calls", "gen_ai.tool.name", "probe"));
        Assert.Contains(metrics, m => m.Name == "openagent.tool.duration" && m.Unit == "s");

        var failed = spans.Single(s => s.DisplayName == "invoke_agent openagent" && (string?)s.GetTagItem("openagent.run.status") == "failed");
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Contains("boom", failed.StatusDescription, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sub_agent_gets_its_own_invoke_agent_span_under_the_task_tool_call()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(OpenAgentTelemetry.ActivitySourceName).AddInMemoryExporter(spans).Build();
        await using var h = new AgentHarness();
        h.Model.Enqueue(ScriptedTurn.ToolCall("task", new { description = "look", prompt = "look around", agent_type = "explore" }))
               .Enqueue(ScriptedTurn.ToolCall("read_file", new { path = "missing.txt" }))
               .Enqueue(ScriptedTurn.Text("nothing there"))
               .Enqueue(ScriptedTurn.Text("the sub-agent found nothing"));
        await using var session = h.NewSession();

        await session.RunAsync("explore", h.Sink, Ct);
        tracing.ForceFlush();

        var task = spans.Single(s => s.DisplayName == "execute_tool task");
        var sub = spans.Single(s => s.DisplayName == "invoke_agent explore");
        Assert.Equal(task.SpanId, sub.ParentSpanId);
        var read = spans.Single(s => s.DisplayName == "execute_tool read_file");
        Assert.Equal(sub.SpanId, read.ParentSpanId);
        Assert.Equal(ActivityStatusCode.Error, read.Status);
    }

    [Fact]
    public async Task A_teammates_tool_calls_get_execute_tool_spans_like_the_leads()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(OpenAgentTelemetry.ActivitySourceName).AddInMemoryExporter(spans).Build();
        var model = new TeamModel();
        await using var h = new AgentHarness(services: s => s.AddChatClient(model));
        await using var session = h.NewSession(new AgentSessionOptions { TeamsEnabled = true });
        model["alice"].Enqueue(ScriptedTurn.ToolCall("write_file", new { path = "alice.txt", content = "from alice" }))
                      .Enqueue(ScriptedTurn.ToolCall("read_file", new { path = "nobody.txt" }))
                      .EnqueueText("Done.");
        var team = session.Services.GetRequiredService<TeamManager>();

        await team.SpawnAsync("alice", "writer", "Write your note.", Ct);
        for (var i = 0; i < 2000 && team.Get("alice")?.Status != TeammateStatus.Idle; i++)
        {
            await Task.Delay(5, Ct);
        }

        tracing.ForceFlush();
        Assert.Equal(ActivityStatusCode.Unset, spans.Single(s => s.DisplayName == "execute_tool write_file").Status);
        Assert.Equal(ActivityStatusCode.Error, spans.Single(s => s.DisplayName == "execute_tool read_file").Status);
        Assert.Equal("from alice", await File.ReadAllTextAsync(Path.Combine(session.WorkspacePath, "alice.txt"), Ct));
    }

    private static long Sum(List<Metric> metrics, string name, string tag, string value)
    {
        long total = 0;
        foreach (var metric in metrics.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                foreach (var t in point.Tags)
                {
                    if (t.Key == tag && (string?)t.Value == value)
                    {
                        total += point.GetSumLong();
                    }
                }
            }
        }

        return total;
    }
}
