using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using OpenAgent.Core.Tests.Support;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.Core.Tests.Agents;

public sealed class AgentLoopLoggingTests
{
    private const string Secret = "sk-live-0123456789abcdef";

    private static async Task<FakeLogCollector> RunWithSecretArgument(bool enableSensitiveData)
    {
        await using var h = new AgentHarness(
            b => b.AddTool(DelegateTool.Returning("login", "token accepted")),
            o => o.EnableSensitiveData = enableSensitiveData,
            s => s.AddLogging(l => l.SetMinimumLevel(LogLevel.Trace)).AddFakeLogging());
        h.Model.Enqueue(ScriptedTurn.ToolCall("login", new { api_key = Secret })).EnqueueText("ok");
        await using var session = h.NewSession();

        await session.RunAsync("log in", h.Sink, TestContext.Current.CancellationToken);

        return h.Services.GetFakeLogCollector();
    }

    [Fact]
    public async Task Tool_inputs_and_outputs_never_reach_the_logs_by_default()
    {
        var logs = await RunWithSecretArgument(enableSensitiveData: false);

        var records = logs.GetSnapshot();
        Assert.Contains(records, r => r.Level == LogLevel.Debug && r.Message.Contains("tool login finished", StringComparison.Ordinal));
        Assert.Contains(records, r => r.Level == LogLevel.Information && r.Message.Contains("run ended Completed after 2 model calls", StringComparison.Ordinal));
        Assert.DoesNotContain(records, r => r.Message.Contains(Secret, StringComparison.Ordinal));
        Assert.DoesNotContain(records, r => r.Message.Contains("token accepted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_sensitive_data_enabled_tool_data_is_logged_at_trace_only()
    {
        var logs = await RunWithSecretArgument(enableSensitiveData: true);

        var withData = logs.GetSnapshot().Where(r => r.Message.Contains(Secret, StringComparison.Ordinal)).ToList();
        var record = Assert.Single(withData);
        Assert.Equal(LogLevel.Trace, record.Level);
        Assert.Contains("token accepted", record.Message, StringComparison.Ordinal);
    }
}
