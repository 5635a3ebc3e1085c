using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Events;
using OpenAgent.Core.Tests.Support;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.Core.Tests.Faults;

/// <summary>
/// Randomised model faults through the real retry middleware and loop: every run ends in <c>done</c> or <c>error</c>, and
/// the history is valid for the next call, every time.
/// </summary>
public sealed class ModelFaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A model that answers each call with a random outcome: good replies, tool calls (valid, malformed, unknown)
    /// and the failures providers really produce.</summary>
    private sealed class FaultyModel(int seed) : IChatClient
    {
        private readonly Random _random = new(seed);
        private readonly Lock _gate = new();

        public Dictionary<string, int> Injected { get; } = [];

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            new ScriptedChatClient(Next()).GetResponseAsync(messages, options, cancellationToken);

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var update in new ScriptedChatClient(Next()).GetStreamingResponseAsync(messages, options, cancellationToken))
            {
                yield return update;
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }

        private ScriptedTurn Next()
        {
            lock (_gate)
            {
                var roll = _random.Next(100);
                var (kind, turn) = roll switch
                {
                    < 25 => ("text", ScriptedTurn.Text("Answer ", roll.ToString(System.Globalization.CultureInfo.InvariantCulture))),
                    < 45 => ("tool call", ScriptedTurn.ToolCall("probe", new { n = roll })),
                    < 50 => ("two tool calls", ScriptedTurn.ToolCall("probe", new { n = 1 }).WithToolCall("probe", new { n = 2 })),
                    < 55 => ("malformed tool JSON", new ScriptedTurn().WithRawToolCall("probe", "{\"n\": ")),
                    < 60 => ("unknown tool", ScriptedTurn.ToolCall("no_such_tool", new { x = 1 })),
                    < 66 => ("429", ScriptedTurn.Throw(Http(HttpStatusCode.TooManyRequests, retryAfter: _random.Next(2) == 0))),
                    < 70 => ("500", ScriptedTurn.Throw(Http(HttpStatusCode.InternalServerError))),
                    < 73 => ("502", ScriptedTurn.Throw(Http(HttpStatusCode.BadGateway))),
                    < 76 => ("503", ScriptedTurn.Throw(Http(HttpStatusCode.ServiceUnavailable))),
                    < 79 => ("529", ScriptedTurn.Throw(Http((HttpStatusCode)529))),
                    < 83 => ("connection refused", ScriptedTurn.Throw(new HttpRequestException("Connection refused (127.0.0.1:443)", new IOException("refused")))),
                    < 87 => ("timeout", ScriptedTurn.Throw(new TimeoutException("The request timed out."))),
                    < 93 => ("stream cut after first chunk", ScriptedTurn.Text("Partial ").ThenThrow(new IOException("The response ended prematurely."))),
                    < 96 => ("cut during a tool call", ScriptedTurn.Text("Calling ").WithToolCall("probe", new { n = 3 }).ThenThrow(new IOException("reset"))),
                    _ => ("400 (not transient)", ScriptedTurn.Throw(Http(HttpStatusCode.BadRequest))),
                };
                Injected[kind] = Injected.GetValueOrDefault(kind) + 1;
                return turn;
            }
        }

        private static HttpRequestException Http(HttpStatusCode status, bool retryAfter = false)
        {
            var ex = new HttpRequestException($"Response status code does not indicate success: {(int)status}.", null, status);
            if (retryAfter)
            {
                ex.Data["Retry-After"] = "2";
            }

            return ex;
        }
    }

    [Fact]
    public async Task A_thousand_randomised_runs_all_end_in_done_or_error_with_a_history_valid_for_the_next_call()
    {
        var model = new FaultyModel(seed: 20261124);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new InstantTimeProvider());
        services.AddChatClient(model).UseAgentRetry();
        using var workspace = new TempWorkspace();
        services.AddOpenAgent(o => { o.WorkspaceDir = workspace.Path; o.MaxTurns = 6; o.EnableMemory = false; })
            .AddTool(DelegateTool.Returning("probe", "probe ok", isReadOnly: true));
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<AgentSessionFactory>();

        var outcomes = new Dictionary<string, int>();
        const int Runs = 1000;
        AgentSession? session = null;
        for (var run = 0; run < Runs; run++)
        {
            // Twenty runs per session, so a bad history would break the runs after it.
            if (run % 20 == 0)
            {
                if (session is not null)
                {
                    await session.DisposeAsync();
                }

                session = factory.CreateSession();
            }

            var sink = new RecordingSink();
            var result = await session!.RunAsync($"request {run}", sink, Ct);

            var last = sink.Events[^1];
            Assert.True(last is DoneEvent or ErrorEvent, $"run {run} ended with {last.Type}");
            Assert.Equal(result.Status == AgentRunStatus.Completed, last is DoneEvent);
            var problem = ChatHistoryCheck.FindProblem(session.History);
            Assert.True(problem is null, $"run {run}: {problem}");
            outcomes[last.Type] = outcomes.GetValueOrDefault(last.Type) + 1;
        }

        await session!.DisposeAsync();
        Assert.Equal(Runs, outcomes.Values.Sum());
        Assert.True(outcomes.GetValueOrDefault("done") > 300, $"done {outcomes.GetValueOrDefault("done")}");
        Assert.True(outcomes.GetValueOrDefault("error") > 50, $"error {outcomes.GetValueOrDefault("error")}");
        foreach (var kind in new[] { "429", "500", "502", "503", "529", "connection refused", "timeout", "stream cut after first chunk", "malformed tool JSON", "unknown tool" })
        {
            Assert.True(model.Injected.GetValueOrDefault(kind) >= 20, $"{kind} injected only {model.Injected.GetValueOrDefault(kind)} times");
        }
    }
}
