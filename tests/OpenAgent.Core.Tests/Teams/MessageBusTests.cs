using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using OpenAgent.Core.Teams;
using OpenAgent.Core.Tests.Support;
using Xunit;

namespace OpenAgent.Core.Tests.Teams;

public sealed class MessageBusTests : IDisposable
{
    private readonly TempWorkspace _dir = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Inbox => Path.Combine(_dir.Path, ".team", "inbox");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Messages_are_queued_in_order_persisted_as_JSONL_and_the_file_is_emptied_when_read()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        var bus = new MessageBus(Inbox, time);

        var sent = await bus.SendAsync("lead", "alice", "first", cancellationToken: Ct);
        await bus.SendAsync("bob", "alice", "second", TeamMessageTypes.Message, TeamManager.Extra(("request_id", "abc")), Ct);

        Assert.Equal(1_700_000_000, sent.Timestamp);
        var lines = await File.ReadAllLinesAsync(Path.Combine(Inbox, "alice.jsonl"), Ct);
        Assert.Equal(2, lines.Length);
        Assert.Equal("""{"type":"message","sender":"lead","content":"first","timestamp":1700000000,"extra":{}}""", lines[0]);
        Assert.Equal(2, bus.Pending("alice"));

        var read = await bus.ReadInboxAsync("alice", Ct);

        Assert.Equal(["first", "second"], read.Select(m => m.Content));
        Assert.Equal("abc", read[1].Extra["request_id"].GetString());
        Assert.Equal(0, bus.Pending("alice"));
        Assert.Equal(string.Empty, await File.ReadAllTextAsync(Path.Combine(Inbox, "alice.jsonl"), Ct));
        Assert.Empty(await bus.ReadInboxAsync("nobody", Ct));
    }

    [Fact]
    public async Task A_new_bus_restores_unread_mail_from_the_files_and_skips_a_line_cut_short_by_a_crash()
    {
        var before = new MessageBus(Inbox);
        await before.SendAsync("lead", "alice", "kept 1", cancellationToken: Ct);
        await before.SendAsync("lead", "alice", "kept 2", cancellationToken: Ct);
        await File.AppendAllTextAsync(Path.Combine(Inbox, "alice.jsonl"), """{"type":"message","sender":"le""", Ct);

        var after = new MessageBus(Inbox);

        Assert.Equal(["kept 1", "kept 2"], (await after.ReadInboxAsync("alice", Ct)).Select(m => m.Content));
    }

    [Fact]
    public async Task An_invalid_type_is_refused_naming_the_valid_ones_and_nothing_is_queued()
    {
        var bus = new MessageBus(Inbox);

        var ex = await Assert.ThrowsAsync<TeamException>(async () => await bus.SendAsync("lead", "alice", "x", "gossip", cancellationToken: Ct));

        Assert.Equal("Invalid message type 'gossip': use one of message, broadcast, shutdown_request, shutdown_response, plan_approval_request, plan_approval_response.", ex.Message);
        Assert.Equal(0, bus.Pending("alice"));
        Assert.False(File.Exists(Path.Combine(Inbox, "alice.jsonl")));
    }

    [Fact]
    public async Task A_broadcast_reaches_everyone_but_the_sender()
    {
        var bus = new MessageBus();

        var count = await bus.BroadcastAsync("alice", "standup in 5", ["alice", "bob", "carol"], Ct);

        Assert.Equal(2, count);
        Assert.Equal(0, bus.Pending("alice"));
        Assert.Equal(TeamMessageTypes.Broadcast, (await bus.ReadInboxAsync("bob", Ct)).Single().Type);
        Assert.Equal(1, bus.Pending("carol"));
    }

    [Fact]
    public async Task Waiting_for_mail_completes_when_a_message_arrives()
    {
        var bus = new MessageBus();
        var wait = bus.WaitForMailAsync("alice", Ct);
        Assert.False(wait.IsCompleted);

        await bus.SendAsync("lead", "alice", "wake up", cancellationToken: Ct);

        await wait.WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }

    [Fact]
    public void The_protocol_tracker_correlates_requests_and_refuses_a_second_verdict()
    {
        var tracker = new ProtocolTracker();
        var shutdown = tracker.Create(ProtocolTracker.Shutdown, "alice", "stop please");
        var plan = tracker.Create(ProtocolTracker.PlanApproval, "bob", "the plan");

        Assert.Matches("^[0-9a-f]{8}$", shutdown.Id);
        Assert.Equal([shutdown.Id, plan.Id], tracker.ListPending().Select(r => r.Id));
        Assert.Equal([plan.Id], tracker.ListPending(ProtocolTracker.PlanApproval).Select(r => r.Id));

        var approved = tracker.Resolve(shutdown.Id, approved: true);
        Assert.Equal("approved", approved.Status);
        Assert.Equal("rejected", tracker.Resolve(plan.Id, approved: false, "too risky").Status);
        Assert.Empty(tracker.ListPending());
        Assert.Contains("already approved", Assert.Throws<TeamException>(() => tracker.Resolve(shutdown.Id, false)).Message, StringComparison.Ordinal);
        Assert.Throws<TeamException>(() => tracker.Create("vote", "alice", ""));
    }
}
