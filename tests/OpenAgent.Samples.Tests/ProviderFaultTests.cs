using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Events;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.Samples.Tests;

/// <summary>
/// Randomised faults on the wire: the real OpenAI and Anthropic SDK clients, the retry middleware and the loop, against a
/// local server that answers each request with a random reply in the provider's own format — good answers, tool calls
/// (valid, malformed, unknown), error statuses, dropped connections, cut streams. Every run must end in <c>done</c> or
/// <c>error</c>, and both the kept history and every request that reached the server must be valid.
/// </summary>
public sealed class ProviderFaultTests
{
    private const int Runs = 1000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] RequiredKinds =
        ["429", "500", "502", "503", "529", "connection reset", "timeout (408/504)", "stream cut after first chunk", "malformed tool JSON", "unknown tool"];

    public static TheoryData<string> Providers => new() { "openai", "anthropic" };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_thousand_randomised_runs_over_http_end_in_done_or_error_and_every_request_is_valid(string provider)
    {
        var path = provider == "openai" ? "/v1/chat/completions" : "/v1/messages";
        await using var server = await FakeProviderServer.StartAsync(path);
        var faults = new WireFaults(provider, seed: provider == "openai" ? 1124 : 2026);
        server.Responder = faults.Next;
        var refusedPort = ClosedPort();

        var outcomes = new Dictionary<string, int>();
        SampleAgent? agent = null;
        try
        {
            for (var run = 0; run < Runs; run++)
            {
                // Twenty runs per session, so a history broken by one run would break the requests after it.
                if (run % 20 == 0)
                {
                    if (agent is not null)
                    {
                        await agent.DisposeAsync();
                    }

                    agent = new SampleAgent(Config(provider, server.BaseUrl));
                    await File.WriteAllTextAsync(Path.Combine(agent.Workspace, "note.txt"), "a note on disk", Ct);
                }

                var result = await agent!.RunAsync($"request {run}", Ct);

                var last = agent.Events[^1];
                Assert.True(last is DoneEvent or ErrorEvent, $"run {run} ended with {last.Type}");
                Assert.Equal(result.Status == AgentRunStatus.Completed, last is DoneEvent);
                var problem = ChatHistoryCheck.FindProblem(agent.Session.History);
                Assert.True(problem is null, $"run {run}: {problem}");
                outcomes[last.Type] = outcomes.GetValueOrDefault(last.Type) + 1;
                agent.Events.Clear();
            }
        }
        finally
        {
            if (agent is not null)
            {
                await agent.DisposeAsync();
            }
        }

        // Nothing listens on the port: every attempt is refused, the retries give up, the run ends in an error.
        await using (var refused = new SampleAgent(Config(provider, $"http://127.0.0.1:{refusedPort}")))
        {
            var result = await refused.RunAsync("anyone there?", Ct);
            Assert.Equal(AgentRunStatus.Failed, result.Status);
            Assert.IsType<ErrorEvent>(refused.Events[^1]);
            Assert.Equal(3, refused.Time.Waits.Count);
            Assert.Null(ChatHistoryCheck.FindProblem(refused.Session.History));
        }

        foreach (var (request, index) in server.Requests.Select((r, i) => (r, i)))
        {
            var problem = provider == "openai" ? OpenAIRequestProblem(request) : AnthropicRequestProblem(request);
            Assert.True(problem is null, $"request {index}: {problem}");
        }

        Assert.Equal(Runs, outcomes.Values.Sum());
        Assert.True(outcomes.GetValueOrDefault("done") > 300, $"done {outcomes.GetValueOrDefault("done")}");
        Assert.True(outcomes.GetValueOrDefault("error") > 50, $"error {outcomes.GetValueOrDefault("error")}");
        foreach (var kind in RequiredKinds)
        {
            Assert.True(faults.Injected.GetValueOrDefault(kind) >= 20, $"{kind} injected only {faults.Injected.GetValueOrDefault(kind)} times");
        }
    }

    private static Dictionary<string, string?> Config(string provider, string baseUrl) => new()
    {
        ["OpenAgent:Model:Provider"] = provider,
        ["OpenAgent:Model:Endpoint"] = provider == "openai" ? baseUrl + "/v1" : baseUrl,
        ["OpenAgent:Model:ApiKey"] = "sk-test-not-real",
        ["OpenAgent:Model:Name"] = "test-model",
    };

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>OpenAI: every tool message answers a call of the assistant message before it, and no call goes unanswered.</summary>
    private static string? OpenAIRequestProblem(JsonElement request)
    {
        var pending = new HashSet<string>();
        foreach (var message in request.GetProperty("messages").EnumerateArray())
        {
            var role = message.GetProperty("role").GetString();
            if (role == "tool")
            {
                if (!pending.Remove(message.GetProperty("tool_call_id").GetString()!))
                {
                    return $"a tool result for {message.GetProperty("tool_call_id")} that no call is waiting for";
                }

                continue;
            }

            if (pending.Count > 0)
            {
                return $"calls {string.Join(", ", pending)} are not answered before a {role} message";
            }

            if (role == "assistant" && message.TryGetProperty("tool_calls", out var calls))
            {
                foreach (var call in calls.EnumerateArray())
                {
                    pending.Add(call.GetProperty("id").GetString()!);
                }
            }
        }

        return pending.Count > 0 ? $"calls {string.Join(", ", pending)} are never answered" : null;
    }

    /// <summary>
    /// Anthropic: the first message is the user's, and the user turn after an assistant turn answers exactly that turn's
    /// tool uses. (Consecutive messages of one role are one turn: the API combines them, and a run that failed before
    /// any answer leaves its user message followed by the next run's.)
    /// </summary>
    private static string? AnthropicRequestProblem(JsonElement request)
    {
        var turns = new List<(string Role, List<JsonElement> Blocks)>();
        foreach (var message in request.GetProperty("messages").EnumerateArray())
        {
            var role = message.GetProperty("role").GetString()!;
            var content = message.GetProperty("content");
            var blocks = content.ValueKind == JsonValueKind.Array ? content.EnumerateArray().ToList() : [];
            if (turns.Count > 0 && turns[^1].Role == role)
            {
                turns[^1].Blocks.AddRange(blocks);
            }
            else
            {
                turns.Add((role, blocks));
            }
        }

        if (turns.Count == 0 || turns[0].Role != "user")
        {
            return "the request does not start with a user message";
        }

        for (var i = 1; i < turns.Count; i++)
        {
            var uses = turns[i - 1].Role == "assistant"
                ? turns[i - 1].Blocks.Where(b => b.GetProperty("type").GetString() == "tool_use").Select(b => b.GetProperty("id").GetString()!).ToHashSet()
                : [];
            var results = turns[i].Role == "user"
                ? turns[i].Blocks.Where(b => b.GetProperty("type").GetString() == "tool_result").Select(b => b.GetProperty("tool_use_id").GetString()!).ToHashSet()
                : [];
            if (turns[i].Role == "user" && !uses.SetEquals(results))
            {
                return $"tool uses [{string.Join(", ", uses)}] answered by results [{string.Join(", ", results)}]";
            }
        }

        return turns[^1].Role == "user" ? null : "the request ends with an assistant turn";
    }

    /// <summary>Random replies in one provider's wire format, counted by kind.</summary>
    private sealed class WireFaults(string provider, int seed)
    {
        private readonly Random _random = new(seed);
        private readonly Lock _gate = new();
        private int _ids;

        public Dictionary<string, int> Injected { get; } = [];

        public FakeReply Next()
        {
            lock (_gate)
            {
                var roll = _random.Next(100);
                var id = (provider == "openai" ? "call_" : "toolu_") + _ids++;
                var (kind, reply) = roll switch
                {
                    < 25 => ("text", Text("All done: the answer is " + roll + ".")),
                    < 45 => ("tool call", Tool(id, "read_file", """{"path": "note.txt"}""")),
                    < 50 => ("malformed tool JSON", Tool(id, "read_file", """{"path": """)),
                    < 55 => ("unknown tool", Tool(id, "no_such_tool", """{"x": 1}""")),
                    < 61 => ("429", Error(429, "rate_limit_error", _random.Next(2) == 0 ? "2" : null)),
                    < 65 => ("500", Error(500, "api_error")),
                    < 68 => ("502", Error(502, "api_error")),
                    < 71 => ("503", Error(503, "api_error")),
                    < 74 => ("529", Error(529, "overloaded_error")),
                    < 78 => ("connection reset", new FakeReply(200, [], CutAfter: 0)),
                    < 82 => ("timeout (408/504)", Error(_random.Next(2) == 0 ? 408 : 504, "timeout_error")),
                    < 88 => ("stream cut after first chunk", Text("This answer is cut off in the middle.") with { CutAfter = 2 }),
                    < 93 => ("stream cut in a tool call", Tool(id, "read_file", """{"path": "note.txt"}""") with { CutAfter = 3 }),
                    _ => ("400 (not transient)", Error(400, "invalid_request_error")),
                };
                Injected[kind] = Injected.GetValueOrDefault(kind) + 1;
                return reply;
            }
        }

        private FakeReply Text(string text) => provider == "openai" ? OpenAISse.Text(text) : AnthropicSse.Text(text);

        private FakeReply Tool(string id, string name, string arguments) =>
            provider == "openai" ? OpenAISse.ToolCall(id, name, arguments) : AnthropicSse.ToolUse(id, name, arguments);

        private FakeReply Error(int status, string type, string? retryAfter = null)
        {
            var headers = retryAfter is null ? null : new Dictionary<string, string> { ["retry-after"] = retryAfter };
            return provider == "openai" ? OpenAISse.Error(status, "injected " + status, headers) : AnthropicSse.Error(status, type, "injected " + status, headers);
        }
    }
}
