using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Conversations;
using OpenAgent.Core.Events;
using OpenAgent.Core.Tests.Support;
using Xunit;

namespace OpenAgent.Core.Tests.Conversations;

public sealed class ConversationStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ConversationRecord Record(string id, DateTimeOffset created, params ChatMessage[] messages) => new()
    {
        Id = id,
        Title = "title " + id,
        CreatedAt = created,
        UpdatedAt = created,
        State = new AgentSessionState { Id = id, WorkspacePath = "/tmp/" + id, Messages = [.. messages], Usage = new AgentUsage(10, 2), Preset = "work", TeamsEnabled = true },
    };

    [Fact]
    public async Task The_in_memory_store_round_trips_state_lists_newest_first_and_deletes()
    {
        var store = new InMemoryConversationStore();
        var now = DateTimeOffset.UtcNow;
        await store.SaveAsync(Record("a", now.AddMinutes(-5), new ChatMessage(ChatRole.User, "hi")), Ct);
        await store.SaveAsync(Record("b", now, new ChatMessage(ChatRole.User, "one"), new ChatMessage(ChatRole.Assistant, "two")), Ct);

        var list = await store.ListAsync(Ct);
        var b = await store.GetAsync("b", Ct);

        Assert.Equal(["b", "a"], list.Select(c => c.Id));
        Assert.Equal(2, list[0].MessageCount);
        Assert.Equal(("title b", "work", true, new AgentUsage(10, 2)), (b!.Title, b.State.Preset, b.State.TeamsEnabled, b.State.Usage));
        Assert.Equal(["one", "two"], b.State.Messages.Select(m => m.Text));
        Assert.True(await store.DeleteAsync("a", Ct));
        Assert.False(await store.DeleteAsync("a", Ct));
        Assert.Null(await store.GetAsync("a", Ct));
    }

    [Fact]
    public void Repair_drops_unanswered_calls_and_orphan_results_and_keeps_everything_else()
    {
        List<ChatMessage> history =
        [
            new(ChatRole.User, "go"),
            new(ChatRole.Assistant, [new TextContent("running two"), new FunctionCallContent("c1", "bash"), new FunctionCallContent("c2", "read_file")]),
            new(ChatRole.Tool, [new FunctionResultContent("c1", "ok")]),
            new(ChatRole.Assistant, [new FunctionCallContent("c3", "bash")]),
            new(ChatRole.User, "are you there?"),
            new(ChatRole.Tool, [new FunctionResultContent("zz", "orphan")]),
            new(ChatRole.Assistant, "yes"),
        ];

        var dropped = HistoryRepair.Repair(history);

        Assert.Equal(3, dropped);
        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.Tool, ChatRole.Assistant, ChatRole.User, ChatRole.Assistant], history.Select(m => m.Role));
        Assert.Equal(["c1"], history[1].Contents.OfType<FunctionCallContent>().Select(c => c.CallId));
        Assert.Equal("running two", history[1].Text);
        Assert.Equal(HistoryRepair.SkippedCall, history[3].Text);
        Assert.Equal(0, HistoryRepair.Repair(history));
    }

    [Fact]
    public async Task A_restored_session_has_its_history_repaired_so_the_next_call_is_valid()
    {
        await using var h = new AgentHarness();
        var state = new AgentSessionState
        {
            Id = "saved",
            WorkspacePath = h.Workspace.Path,
            Messages = [new ChatMessage(ChatRole.User, "go"), new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c9", "bash")])],
        };
        h.Model.EnqueueText("continuing");
        await using var session = h.Factory.RestoreSession(state);

        await session.RunAsync("continue", h.Sink, Ct);

        var sent = h.Model.Requests[0].Messages.Where(m => m.Role != ChatRole.System).ToList();
        Assert.Equal(["go", HistoryRepair.SkippedCall, "continue"], sent.Select(m => m.Text));
        Assert.DoesNotContain(sent.SelectMany(m => m.Contents), c => c is FunctionCallContent);
        Assert.Single(state.Messages[1].Contents.OfType<FunctionCallContent>());
        Assert.IsType<InMemoryConversationStore>(h.Services.GetRequiredService<IConversationStore>());
    }
}
