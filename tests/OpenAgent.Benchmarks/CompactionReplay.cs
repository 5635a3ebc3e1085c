using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
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
/// Replays a scripted session of many tool turns with 5 KB outputs, and counts the input tokens the model is sent
/// (estimated the same way for every variant) with no compaction, with micro-compaction only, and with both layers.
/// Run with <c>dotnet run -c Release --project tests/OpenAgent.Benchmarks -- --compaction-tokens</c>.
/// </summary>
internal static class CompactionReplay
{
    public const int Turns = 200;
    public const int OutputBytes = 5 * 1024;

    public static async Task PrintAsync()
    {
        Console.WriteLine($"Replay: {Turns} tool turns, {OutputBytes:N0}-character tool outputs, context window 200,000 x 0.7");
        Console.WriteLine("| Variant | Input tokens sent (sum over calls) | Largest single request | Summary calls |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var variant in new[] { "none", "micro", "full", "full, 8,000-token window" })
        {
            var (total, largest, summaries) = await RunAsync(variant);
            Console.WriteLine($"| {variant} | {total:N0} | {largest:N0} | {summaries} |");
        }
    }

    public static async Task<(long Total, long Largest, int Summaries)> RunAsync(string variant)
    {
        var workspace = Path.Combine(Path.GetTempPath(), "openagent-replay-" + Guid.NewGuid().ToString("N"));
        var model = new ReplayModel(Turns);
        var services = new ServiceCollection();
        services.AddChatClient(model);
        services.AddOpenAgent(o =>
        {
            o.WorkspaceDir = workspace;
            o.MaxTurns = Turns + 5;
            o.MaxTokenBudget = long.MaxValue / 4;
            if (variant.StartsWith("full, ", StringComparison.Ordinal))
            {
                o.ContextWindow = 8_000;
            }
        }).AddFunction("read_log", "Reads the next log chunk.", (int part) => new string((char)('a' + (part % 26)), OutputBytes), isReadOnly: true);
        if (variant == "none")
        {
            services.AddSingleton<CompactionStrategy, NoCompaction>();
        }
        else if (variant == "micro")
        {
            services.AddSingleton<CompactionStrategy, MicroOnly>();
        }

        await using var provider = services.BuildServiceProvider();
        await using (var session = provider.GetRequiredService<AgentSessionFactory>().CreateSession())
        {
            await session.RunAsync("Read every log chunk and tell me what you find.", AgentEventSink.Null);
        }

        Directory.Delete(workspace, recursive: true);
        return (model.InputTokens, model.Largest, model.Summaries);
    }

    private sealed class NoCompaction : CompactionStrategy
    {
        protected override ValueTask CompactCoreAsync(CompactionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    private sealed class MicroOnly : CompactionStrategy
    {
        private readonly SummarizingCompactionStrategy _inner;

        public MicroOnly(IChatClient chatClient, Microsoft.Extensions.Options.IOptions<OpenAgent.Core.OpenAgentOptions> options) =>
            _inner = new SummarizingCompactionStrategy(chatClient, options);

        protected override void MicroCompactCore(IList<ChatMessage> history) => _inner.MicroCompact(history);

        protected override ValueTask CompactCoreAsync(CompactionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    /// <summary>Calls the tool until it has <c>turns</c> results, then answers; reports estimated usage like a provider.</summary>
    private sealed class ReplayModel(int turns) : IChatClient
    {
        public long InputTokens { get; private set; }

        public long Largest { get; private set; }

        public int Summaries { get; private set; }

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var list = messages as IList<ChatMessage> ?? [.. messages];
            var input = TokenEstimator.Estimate(list);
            InputTokens += input;
            Largest = Math.Max(Largest, input);
            var done = list.Count(m => m.Role == ChatRole.Tool);
            var usage = new UsageContent(new UsageDetails { InputTokenCount = input, OutputTokenCount = 20 });
            if (done < turns)
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, [new FunctionCallContent("call_" + done, "read_log", new Dictionary<string, object?> { ["part"] = done }), usage]);
            }
            else
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, [new TextContent("All chunks read; nothing unusual."), usage]);
            }

            await Task.CompletedTask;
        }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var input = TokenEstimator.Estimate(messages);
            InputTokens += input;
            Largest = Math.Max(Largest, input);
            Summaries++;
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "The agent has read the first log chunks; all looked normal.")));
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
