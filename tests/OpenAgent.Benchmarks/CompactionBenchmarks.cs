using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAgent.Core;
using OpenAgent.Core.Compaction;

namespace OpenAgent.Benchmarks;

/// <summary>
/// Compaction's own CPU cost: micro-compaction runs before every model call over the whole history; a full compaction
/// runs when the context passes its threshold (here with a zero-latency summariser, so only our work is measured).
/// </summary>
[MemoryDiagnoser]
public class CompactionBenchmarks
{
    private readonly SummarizingCompactionStrategy _strategy = new(new ZeroLatencyChatClient(), Options.Create(new OpenAgentOptions()));
    private List<ChatMessage> _history = null!;

    [Params(100, 400)]
    public int Messages { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _history = [new ChatMessage(ChatRole.User, "start")];
        for (var i = 0; _history.Count < Messages; i++)
        {
            _history.Add(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c" + i, "read_log")]));
            _history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent("c" + i, new string('x', 5 * 1024))]));
        }

        // Steady state: what every turn after the first finds.
        _strategy.MicroCompact(_history);
    }

    [Benchmark(Description = "Micro-compaction before a call (steady state)")]
    public void MicroCompact() => _strategy.MicroCompact(_history);

    [Benchmark(Description = "Render the older messages for a summary")]
    public int Render() => ConversationRenderer.Render(_history.Take(_history.Count - 8)).Length;

    [Benchmark(Description = "Estimate the tokens of the history")]
    public long Estimate() => TokenEstimator.Estimate(_history);
}
