using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Events;
using AgentSession = OpenAgent.Core.Agents.AgentSession;

namespace OpenAgent.Benchmarks;

/// <summary>
/// The cost of the loop itself: one 10-turn tool-calling conversation (9 tool calls, then an answer) against a
/// zero-latency model, driven by each contestant. Divide by 10 for the cost per turn.
/// </summary>
[MemoryDiagnoser]
public class LoopOverheadBenchmarks
{
    private const string UserText = "Check every record and tell me if they are consistent.";

    private readonly AIFunction _lookup = AIFunctionFactory.Create((string key) => "record " + key + ": ok", "lookup", "Looks a record up.");
    private ZeroLatencyChatClient _model = null!;
    private FunctionInvokingChatClient _functionInvoking = null!;
    private ChatOptions _options = null!;
    private ChatClientAgent _agent = null!;
    private ServiceProvider _provider = null!;
    private AgentSession _session = null!;
    private string _workspace = null!;

    [GlobalSetup]
    public void Setup()
    {
        _model = new ZeroLatencyChatClient();
        _options = new ChatOptions { Tools = [_lookup] };
        _functionInvoking = new FunctionInvokingChatClient(_model);
        _agent = new ChatClientAgent(_model, instructions: "You are a careful checker.", tools: [_lookup]);

        _workspace = Path.Combine(Path.GetTempPath(), "openagent-bench-" + Guid.NewGuid().ToString("N"));
        var services = new ServiceCollection();
        services.AddChatClient(_model);
        services.AddOpenAgent(o => o.WorkspaceDir = _workspace).AddFunction(_lookup, isReadOnly: true);
        _provider = services.BuildServiceProvider();
        _session = _provider.GetRequiredService<AgentSessionFactory>().CreateSession();
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _session.DisposeAsync();
        await _provider.DisposeAsync();
        Directory.Delete(_workspace, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "Bare hand-written loop")]
    public async Task<int> BareLoop()
    {
        var messages = new List<ChatMessage> { new(ChatRole.System, "You are a careful checker."), new(ChatRole.User, UserText) };
        while (true)
        {
            var updates = new List<ChatResponseUpdate>();
            await foreach (var update in _model.GetStreamingResponseAsync(messages, _options))
            {
                updates.Add(update);
            }

            var response = updates.ToChatResponse();
            messages.AddRange(response.Messages);
            var results = new List<AIContent>();
            foreach (var message in response.Messages)
            {
                foreach (var content in message.Contents)
                {
                    if (content is FunctionCallContent call)
                    {
                        var result = await _lookup.InvokeAsync(new AIFunctionArguments(call.Arguments));
                        results.Add(new FunctionResultContent(call.CallId, result));
                    }
                }
            }

            if (results.Count == 0)
            {
                return messages.Count;
            }

            messages.Add(new ChatMessage(ChatRole.Tool, results));
        }
    }

    [Benchmark(Description = "FunctionInvokingChatClient")]
    public async Task<int> FunctionInvokingChatClient()
    {
        List<ChatMessage> messages = [new(ChatRole.System, "You are a careful checker."), new(ChatRole.User, UserText)];
        var count = 0;
        await foreach (var update in _functionInvoking.GetStreamingResponseAsync(messages, _options))
        {
            count += update.Contents.Count;
        }

        return count;
    }

    [Benchmark(Description = "Agent Framework ChatClientAgent")]
    public async Task<int> ChatClientAgent()
    {
        var session = await _agent.CreateSessionAsync();
        var count = 0;
        await foreach (var update in _agent.RunStreamingAsync(UserText, session))
        {
            count += update.Contents.Count;
        }

        return count;
    }

    [Benchmark(Description = "OpenAgent.Core AgentSession (all events)")]
    public async Task<int> OpenAgentSession()
    {
        _session.History.Clear();
        var result = await _session.RunAsync(UserText, AgentEventSink.Null);
        return result.Turns;
    }
}
