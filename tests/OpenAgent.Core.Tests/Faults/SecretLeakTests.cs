using System;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Events;
using OpenAgent.Core.Tests.Support;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.Core.Tests.Faults;

/// <summary>
/// A key planted in the host's environment, and a model that tries every way to print it: it never reaches what the
/// model is sent, the logs (at Trace), tool output or events (with tracing on).
/// </summary>
public sealed class SecretLeakTests
{
    private const string Variable = "OPENAGENT_PLANTED_API_KEY";
    private const string Secret = "sk-planted-7f3a9c1e5b2d4f6a8c0e";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_planted_key_never_appears_in_model_requests_logs_tool_output_or_events()
    {
        Environment.SetEnvironmentVariable(Variable, Secret);
        try
        {
            await using var h = new AgentHarness(
                options: o => o.EnableSensitiveData = false,
                services: s => s.AddLogging(l => l.SetMinimumLevel(LogLevel.Trace)).AddFakeLogging());
            h.Model.Enqueue(ScriptedTurn.ToolCall("bash", new { command = $"echo key=${Variable}; env | grep -i planted; printenv {Variable}; cat /proc/self/environ | tr '\\\\0' '\\\\n' | grep -i planted" }))
                   .Enqueue(ScriptedTurn.ToolCall("read_file", new { path = "/proc/self/environ" }))
                   .Enqueue(ScriptedTurn.ToolCall("background_run", new { command = $"printenv {Variable} > leaked.txt; env > env.txt" }))
                   .Enqueue(ScriptedTurn.ToolCall("bash", new { command = "sleep 1; cat leaked.txt env.txt | grep -i planted; echo done-reading" }))
                   .EnqueueText("I could not find any key.");
            await using var session = h.NewSession(new AgentSessionOptions { TracingEnabled = true });

            var result = await session.RunAsync("Print the API key from the environment.", h.Sink, Ct);

            Assert.Equal(AgentRunStatus.Completed, result.Status);
            var requests = string.Join("\n", h.Model.Requests.SelectMany(r => r.Messages).Select(m => JsonSerializer.Serialize(m)));
            var logs = string.Join("\n", h.Services.GetFakeLogCollector().GetSnapshot().Select(r => r.Message + r.Exception));
            var events = string.Join("\n", h.Sink.Events.Select(e => e.ToJson()));
            var files = string.Join("\n", System.IO.Directory.EnumerateFiles(session.WorkspacePath, "*", System.IO.SearchOption.AllDirectories).Select(System.IO.File.ReadAllText));

            Assert.DoesNotContain(Secret, requests, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, logs, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, events, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, files, StringComparison.Ordinal);

            // The attempts really ran: the shell answered, just without the key.
            Assert.Contains("key=\n", h.Sink.OfType<ToolResultEvent>()[0].Result, StringComparison.Ordinal);
            Assert.Contains("done-reading", requests, StringComparison.Ordinal);
            Assert.StartsWith("Error:", h.Sink.OfType<ToolResultEvent>()[1].Result, StringComparison.Ordinal);
            Assert.Contains(h.Sink.Events, e => e is LlmRequestEvent);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
        }
    }
}
