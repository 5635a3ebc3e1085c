using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Core.Compaction;
using OpenAgent.Core.Events;
using OpenAgent.Core.Tests.Agents;
using OpenAgent.Core.Tests.Support;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.Core.Tests.Compaction;

public sealed class SummarizingCompactionStrategyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static List<ChatMessage> ToolExchanges(int count, int resultLength)
    {
        var history = new List<ChatMessage> { new(ChatRole.User, "start") };
        for (var i = 0; i < count; i++)
        {
            history.Add(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent($"c{i}", i % 2 == 0 ? "read_file" : "bash")]));
            history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent($"c{i}", new string((char)('a' + i), resultLength))]));
        }

        return history;
    }

    private static IReadOnlyList<string> Results(IEnumerable<ChatMessage> history) =>
        [.. history.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Select(r => (string)r.Result!)];

    private static CompactionStrategy Strategy(AgentHarness h) => h.Services.GetRequiredService<CompactionStrategy>();

    [Fact]
    public async Task Micro_compaction_shrinks_all_but_the_last_three_long_results()
    {
        await using var h = new AgentHarness();
        var history = ToolExchanges(6, 500);

        Strategy(h).MicroCompact(history);

        var results = Results(history);
        Assert.Equal(["[Previous: used read_file]", "[Previous: used bash]", "[Previous: used read_file]"], results.Take(3));
        Assert.All(results.Skip(3), r => Assert.Equal(500, r.Length));
        AgentLoopTests.AssertEveryCallHasAResult(history);
    }

    [Fact]
    public async Task Micro_compaction_counts_parallel_results_in_one_message_from_the_newest()
    {
        await using var h = new AgentHarness();
        List<ChatMessage> history =
        [
            new(ChatRole.User, "start"),
            new(ChatRole.Assistant, [new FunctionCallContent("a", "grep"), new FunctionCallContent("b", "glob")]),
            new(ChatRole.Tool, [new FunctionResultContent("a", new string('a', 300)), new FunctionResultContent("b", new string('b', 300))]),
            new(ChatRole.Assistant, [new FunctionCallContent("c", "read_file"), new FunctionCallContent("d", "bash")]),
            new(ChatRole.Tool, [new FunctionResultContent("c", new string('c', 300)), new FunctionResultContent("d", new string('d', 300))]),
        ];

        Strategy(h).MicroCompact(history);
        Strategy(h).MicroCompact(history);

        // Four results, three kept: only the oldest (the first of the first parallel pair) shrinks, and only once.
        Assert.Equal(["[Previous: used grep]", new string('b', 300), new string('c', 300), new string('d', 300)], Results(history));
    }

    [Fact]
    public async Task Micro_compaction_leaves_short_results_and_small_histories_alone()
    {
        await using var h = new AgentHarness();
        var few = ToolExchanges(3, 500);
        var shortOnes = ToolExchanges(6, 100);

        Strategy(h).MicroCompact(few);
        Strategy(h).MicroCompact(shortOnes);

        Assert.All(Results(few), r => Assert.Equal(500, r.Length));
        Assert.All(Results(shortOnes), r => Assert.Equal(100, r.Length));
    }

    [Fact]
    public async Task Full_compaction_saves_a_transcript_and_replaces_old_messages_with_a_summary()
    {
        await using var h = new AgentHarness();
        h.Model.EnqueueText("The user built a parser; tests pass.");
        await using var session = h.NewSession();
        for (var i = 0; i < 6; i++)
        {
            session.History.Add(new ChatMessage(ChatRole.User, $"question {i}"));
            session.History.Add(new ChatMessage(ChatRole.Assistant, $"answer {i}"));
        }

        var before = session.History.ToList();

        await Strategy(h).CompactAsync(new CompactionContext(session, session.History, CompactionTrigger.Manual, 0, "the parser", AgentEventSink.Null), Ct);

        Assert.True(session.History.Count < 12);
        Assert.Equal("answer 5", session.History[^1].Text);
        Assert.StartsWith("[Transcript: .transcripts/transcript_", session.History[0].Text, StringComparison.Ordinal);
        Assert.Contains("[Conversation summary]\nThe user built a parser; tests pass.", session.History[0].Text, StringComparison.Ordinal);
        Assert.Equal(ChatRole.Assistant, session.History[1].Role);
        Assert.Equal(ChatRole.User, session.History[2].Role);

        var request = h.Model.Requests.Single();
        Assert.False(request.Streaming);
        Assert.Equal(1024, request.Options!.MaxOutputTokens);
        Assert.Equal(0.2f, request.Options.Temperature);
        Assert.Contains("the parser", request.LastMessage!.Text, StringComparison.Ordinal);
        Assert.Contains("[user] question 0", request.LastMessage.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("answer 5", request.LastMessage.Text, StringComparison.Ordinal);

        var transcript = Directory.GetFiles(Path.Combine(session.WorkspacePath, ".transcripts")).Single();
        var lines = File.ReadAllLines(transcript);
        var read = lines.Select(l => JsonSerializer.Deserialize<ChatMessage>(l, AIJsonUtilities.DefaultOptions)!).ToList();
        Assert.Equal(before.Select(m => m.Text), read.Select(m => m.Text));
    }

    [Fact]
    public async Task A_failed_summary_drops_old_messages_with_a_note_and_keeps_the_transcript()
    {
        await using var h = new AgentHarness();
        h.Model.Enqueue(ScriptedTurn.Throw(new InvalidOperationException("model down")));
        await using var session = h.NewSession();
        for (var i = 0; i < 6; i++)
        {
            session.History.Add(new ChatMessage(ChatRole.User, $"question {i}"));
            session.History.Add(new ChatMessage(ChatRole.Assistant, $"answer {i}"));
        }

        await Strategy(h).CompactAsync(new CompactionContext(session, session.History, CompactionTrigger.Automatic, 0, null, AgentEventSink.Null), Ct);

        Assert.True(session.History.Count < 12);
        Assert.StartsWith("[About 4 earlier messages were removed", session.History[0].Text, StringComparison.Ordinal);
        Assert.Contains(".transcripts/transcript_", session.History[0].Text, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(session.WorkspacePath, ".transcripts")));
    }

    [Fact]
    public async Task The_split_never_separates_a_tool_call_from_its_result()
    {
        await using var h = new AgentHarness();
        h.Model.EnqueueText("summary");
        await using var session = h.NewSession();
        foreach (var message in ToolExchanges(8, 50))
        {
            session.History.Add(message);
        }

        session.History.Add(new ChatMessage(ChatRole.User, "next request"));
        foreach (var message in ToolExchanges(3, 50).Skip(1))
        {
            session.History.Add(message);
        }

        await Strategy(h).CompactAsync(new CompactionContext(session, session.History, CompactionTrigger.Automatic, 0, null, AgentEventSink.Null), Ct);

        Assert.Equal("next request", session.History[2].Text);
        AgentLoopTests.AssertEveryCallHasAResult(session);
    }

    [Fact]
    public async Task One_long_run_of_tool_exchanges_can_still_be_compacted()
    {
        await using var h = new AgentHarness();
        h.Model.EnqueueText("Read 16 chunks so far.");
        await using var session = h.NewSession();
        foreach (var message in ToolExchanges(20, 50))
        {
            session.History.Add(message);
        }

        await Strategy(h).CompactAsync(new CompactionContext(session, session.History, CompactionTrigger.Automatic, 0, null, AgentEventSink.Null), Ct);

        Assert.True(session.History.Count <= 10);
        Assert.Equal(ChatRole.User, session.History[0].Role);
        Assert.Equal(ChatRole.Assistant, session.History[1].Role);
        Assert.IsType<FunctionCallContent>(Assert.Single(session.History[1].Contents));
        AgentLoopTests.AssertEveryCallHasAResult(session);
    }

    [Fact]
    public async Task Transcript_names_never_collide()
    {
        await using var h = new AgentHarness();
        h.Model.EnqueueText("one").EnqueueText("two");
        await using var session = h.NewSession();
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 12; i++)
            {
                session.History.Add(new ChatMessage(i % 2 == 0 ? ChatRole.User : ChatRole.Assistant, $"m{round}.{i}"));
            }

            await Strategy(h).CompactAsync(new CompactionContext(session, session.History, CompactionTrigger.Manual, 0, null, AgentEventSink.Null), Ct);
        }

        Assert.Equal(2, Directory.GetFiles(Path.Combine(session.WorkspacePath, ".transcripts")).Length);
    }

    [Fact]
    public async Task The_loop_compacts_when_the_context_passes_its_threshold()
    {
        await using var h = new AgentHarness(b => b.AddTool(DelegateTool.Returning("probe", "ok")), o => o.ContextWindow = 1000);
        await using var session = h.NewSession();
        for (var i = 0; i < 6; i++)
        {
            session.History.Add(new ChatMessage(ChatRole.User, $"earlier {i}"));
            session.History.Add(new ChatMessage(ChatRole.Assistant, $"reply {i}"));
        }

        h.Model.Enqueue(ScriptedTurn.ToolCall("probe").WithUsage(800, 10))
               .EnqueueText("Summary of the earlier talk.")
               .Enqueue(ScriptedTurn.Text("done").WithUsage(100, 5));

        await session.RunAsync("go on", h.Sink, Ct);

        var compact = h.Sink.OfType<CompactEvent>().Single();
        Assert.Contains("800", compact.Message, StringComparison.Ordinal);
        Assert.False(h.Model.Requests[1].Streaming);
        Assert.Contains("Summary of the earlier talk.", h.Model.Requests[2].Messages[1].Text, StringComparison.Ordinal);
        Assert.True(h.Model.Requests[2].Messages.Count < h.Model.Requests[0].Messages.Count + 2);
        AgentLoopTests.AssertEveryCallHasAResult(session);
    }

    [Fact]
    public async Task The_compact_tool_compacts_after_its_turn_with_the_focus_it_was_given()
    {
        await using var h = new AgentHarness();
        await using var session = h.NewSession();
        for (var i = 0; i < 6; i++)
        {
            session.History.Add(new ChatMessage(ChatRole.User, $"earlier {i}"));
            session.History.Add(new ChatMessage(ChatRole.Assistant, $"reply {i}"));
        }

        h.Model.Enqueue(ScriptedTurn.ToolCall("compact", new { focus = "the database schema" }))
               .EnqueueText("Summary.")
               .EnqueueText("Carrying on.");

        await session.RunAsync("tidy up", h.Sink, Ct);

        Assert.Contains("the database schema", h.Sink.OfType<CompactEvent>().Single().Message, StringComparison.Ordinal);
        Assert.Contains("the database schema", h.Model.Requests[1].LastMessage!.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("__COMPACT", (string)h.Model.Requests[2].ToolResults[^1].Result!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_usage_from_the_provider_tokens_are_estimated_and_still_trigger_compaction()
    {
        await using var h = new AgentHarness(b => b.AddTool(DelegateTool.Returning("probe", new string('z', 4000))), o => o.ContextWindow = 1000);
        await using var session = h.NewSession();
        for (var i = 0; i < 6; i++)
        {
            session.History.Add(new ChatMessage(ChatRole.User, $"earlier {i}"));
            session.History.Add(new ChatMessage(ChatRole.Assistant, $"reply {i}"));
        }

        h.Model.EnqueueToolCall("probe").EnqueueToolCall("probe").EnqueueText("Summary.").EnqueueText("done");

        var result = await session.RunAsync("go", h.Sink, Ct);

        Assert.True(result.Usage.InputTokens > 700);
        Assert.Single(h.Sink.OfType<CompactEvent>());
    }
}
