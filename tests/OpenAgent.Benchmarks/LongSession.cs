using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Compaction;
using OpenAgent.Core.Events;

namespace OpenAgent.Benchmarks;

/// <summary>
/// One run of 2,000 tool turns (2 KB outputs) with a zero-latency model and a 20,000-token context window, so
/// micro-compaction runs before every call and summaries happen again and again. Prints the time of each block of 250
/// turns and the history's length: constant blocks mean the loop's cost stays linear in the number of turns.
/// Run with <c>dotnet run -c Release --project tests/OpenAgent.Benchmarks -- --long-session</c>.
/// </summary>
internal static class LongSession
{
    private const int Turns = 2_000;
    private const int Block = 250;

    public static async Task PrintAsync()
    {
        var workspace = Path.Combine(Path.GetTempPath(), "openagent-long-" + Guid.NewGuid().ToString("N"));
        var model = new EndlessToolModel(Turns);
        var clock = Stopwatch.StartNew();
        var rows = new List<string>();
        var last = TimeSpan.Zero;
        AgentSession? session = null;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var services = new ServiceCollection();
        services.AddChatClient(model);
        services.AddOpenAgent(o =>
        {
            o.WorkspaceDir = workspace;
            o.MaxTurns = Turns + 5;
            o.MaxTokenBudget = long.MaxValue / 4;
            o.ContextWindow = 20_000;
        }).AddFunction("read_log", "Reads the next log chunk.", (int part) =>
        {
            if (part > 0 && part % Block == 0)
            {
                var now = clock.Elapsed;
                rows.Add($"| {part - Block + 1:N0}–{part:N0} | {(now - last).TotalMilliseconds:N0} ms | {(now - last).TotalMicroseconds / Block:N0} µs | {session!.History.Count} | {model.Summaries} |");
                last = now;
            }

            return new string((char)('a' + (part % 26)), 2048);
        }, isReadOnly: true);

        await using var provider = services.BuildServiceProvider();
        await using (session = provider.GetRequiredService<AgentSessionFactory>().CreateSession())
        {
            var result = await session.RunAsync("Read every log chunk.", AgentEventSink.Null);
            Console.WriteLine($"{Turns:N0} turns in {clock.Elapsed.TotalSeconds:N2} s ({result.Status}); {(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1024 / 1024:N0} MB allocated in all");
        }

        Console.WriteLine("| Turns | Block time | Per turn | History messages at the end | Summaries so far |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        rows.ForEach(Console.WriteLine);
        Directory.Delete(workspace, recursive: true);
    }

    /// <summary>Calls the tool <c>turns</c> times (counting its own calls, whatever compaction does to the history), then answers.</summary>
    private sealed class EndlessToolModel(int turns) : IChatClient
    {
        private int _calls;

        public int Summaries { get; private set; }

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var input = TokenEstimator.Estimate(messages);
            var usage = new UsageContent(new UsageDetails { InputTokenCount = input, OutputTokenCount = 20 });
            var call = ++_calls;
            yield return call <= turns
                ? new ChatResponseUpdate(ChatRole.Assistant, [new FunctionCallContent("call_" + call, "read_log", new Dictionary<string, object?> { ["part"] = call }), usage])
                : new ChatResponseUpdate(ChatRole.Assistant, [new TextContent("Done."), usage]);
            await Task.CompletedTask;
        }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Summaries++;
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "The agent read log chunks; all normal so far.")));
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
