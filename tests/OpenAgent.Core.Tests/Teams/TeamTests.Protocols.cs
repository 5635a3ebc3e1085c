using System;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Core.Events;
using OpenAgent.Core.Teams;
using OpenAgent.Core.Tests.Support;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.Core.Tests.Teams;

/// <content>Messages between the lead and its teammates: mail and broadcasts, and the shutdown and plan-approval handshakes.</content>
public sealed partial class TeamTests
{
    [Fact]
    public async Task Shutdown_handshake_the_teammate_answers_and_the_request_becomes_approved()
    {
        await using var h = Harness();
        var events = new RecordingSink();
        await using var session = TeamSession(h, events);
        var team = session.Services.GetRequiredService<TeamManager>();
        _model["bob"].EnqueueText("idle now");
        await team.SpawnAsync("bob", "tester", "Wait for work.", Ct);
        await UntilAsync(() => Status(team, "bob") == TeammateStatus.Idle);

        _model.Lead.Enqueue(ScriptedTurn.ToolCall("shutdown_request", new { teammate = "bob" })).EnqueueText("asked");
        await session.RunAsync("stop bob", h.Sink, Ct);
        var reply = h.Sink.OfType<ToolResultEvent>().Single().Result;
        var id = RequestId().Match(reply).Groups[1].Value;
        await UntilAsync(() => Status(team, "bob") == TeammateStatus.Shutdown);

        Assert.Equal($"Shutdown request {id} for bob: pending.", reply);
        Assert.Equal("approved", team.Protocols.Get(id)!.Status);

        // The lead's next turn brings bob's answer in, and check_protocol reports the verdict.
        _model.Lead.Enqueue(ScriptedTurn.ToolCall("check_protocol", new { request_id = id })).EnqueueText("done");
        h.Sink.Clear();
        await session.RunAsync("is bob gone?", h.Sink, Ct);

        var inbox = _model.Lead.Requests[^2].Messages.Single(m => m.Text.StartsWith("<inbox>", StringComparison.Ordinal)).Text;
        Assert.Contains("\"type\":\"shutdown_response\",\"sender\":\"bob\"", inbox, StringComparison.Ordinal);
        Assert.Contains($"\"request_id\":\"{id}\"", inbox, StringComparison.Ordinal);
        Assert.StartsWith($"Request {id} (shutdown, bob): approved.", h.Sink.OfType<ToolResultEvent>().Single().Result, StringComparison.Ordinal);
        Assert.Equal(0, _model["bob"].RemainingTurns);
        Assert.Single(_model["bob"].Requests);
    }

    [Fact]
    public async Task Plan_approval_handshake_the_lead_reviews_a_teammates_plan_and_the_teammate_reads_the_verdict()
    {
        await using var h = Harness();
        await using var session = TeamSession(h);
        var team = session.Services.GetRequiredService<TeamManager>();
        _model["alice"].Enqueue(ScriptedTurn.ToolCall("send_message", new { to = "lead", content = "Plan: migrate the schema, then the code.", msg_type = "plan_approval_request" }))
                       .EnqueueText("Waiting for the verdict.")
                       .EnqueueText("Approved, starting.");
        await team.SpawnAsync("alice", "developer", "Plan the migration and ask for approval.", Ct);
        await UntilAsync(() => Status(team, "alice") == TeammateStatus.Idle);
        var pending = Assert.Single(team.Protocols.ListPending(ProtocolTracker.PlanApproval));

        _model.Lead.Enqueue(request =>
        {
            var inbox = request.Messages.Single(m => m.Text.StartsWith("<inbox>", StringComparison.Ordinal)).Text;
            var id = JsonDocument.Parse(inbox.Split('\n')[1]).RootElement.GetProperty("extra").GetProperty("request_id").GetString();
            return ScriptedTurn.ToolCall("plan_review", new { request_id = id, approve = true, feedback = "Go ahead; keep a backup." });
        }).EnqueueText("reviewed");
        await session.RunAsync("review the plans", h.Sink, Ct);
        await UntilAsync(() => _model["alice"].Requests.Count == 3 && Status(team, "alice") == TeammateStatus.Idle);

        Assert.Equal($"Plan {pending.Id} from alice approved; alice has been told.", h.Sink.OfType<ToolResultEvent>().Single().Result);
        Assert.Equal(("approved", "Go ahead; keep a backup."), (team.Protocols.Get(pending.Id)!.Status, team.Protocols.Get(pending.Id)!.Feedback));
        Assert.StartsWith($"Plan approval request {pending.Id} sent to lead: pending.", _model["alice"].Requests[1].ToolResults[^1].Result?.ToString(), StringComparison.Ordinal);
        var verdict = _model["alice"].Requests[2].Messages.Last(m => m.Text.StartsWith("<inbox-message>", StringComparison.Ordinal)).Text;
        Assert.Contains("\"type\":\"plan_approval_response\"", verdict, StringComparison.Ordinal);
        Assert.Contains("\"approve\":true", verdict, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_lead_reads_teammate_mail_at_the_start_of_its_turn_and_messages_and_broadcasts_reach_teammates()
    {
        await using var h = Harness();
        await using var session = TeamSession(h);
        var team = session.Services.GetRequiredService<TeamManager>();
        _model["alice"].Enqueue(ScriptedTurn.ToolCall("send_message", new { to = "lead", content = "The tests pass." })).EnqueueText("reported")
                       .EnqueueText("got the broadcast");
        _model["bob"].EnqueueText("ready").EnqueueText("got the message").EnqueueText("got the broadcast");
        await team.SpawnAsync("alice", "tester", "Run the tests and report.", Ct);
        await team.SpawnAsync("bob", "developer", "Wait.", Ct);
        await UntilAsync(() => Status(team, "alice") == TeammateStatus.Idle && Status(team, "bob") == TeammateStatus.Idle);

        _model.Lead.Enqueue(ScriptedTurn.ToolCall("send_message", new { to = "bob", content = "Please fix the login bug." }))
                   .Enqueue(ScriptedTurn.ToolCall("broadcast", new { content = "Release at 5." }))
                   .Enqueue(ScriptedTurn.ToolCall("send_message", new { to = "bob", content = "x", msg_type = "gossip" }))
                   .Enqueue(ScriptedTurn.ToolCall("send_message", new { to = "nobody", content = "x" }))
                   .Enqueue(ScriptedTurn.ToolCall("list_teammates"))
                   .EnqueueText("done");
        await session.RunAsync("coordinate", h.Sink, Ct);
        static string Seen(ScriptedChatClient model) => string.Join("\n", model.Requests.SelectMany(r => r.Messages).Select(m => m.Text));

        // Mail wakes idle teammates; one wake-up may bring both messages.
        await UntilAsync(() => Seen(_model["bob"]).Contains("Release at 5.", StringComparison.Ordinal)
            && Seen(_model["alice"]).Contains("Release at 5.", StringComparison.Ordinal));

        var leadInbox = _model.Lead.Requests[0].Messages.Single(m => m.Text.StartsWith("<inbox>", StringComparison.Ordinal)).Text;
        Assert.Contains("\"sender\":\"alice\",\"content\":\"The tests pass.\"", leadInbox, StringComparison.Ordinal);
        var results = h.Sink.OfType<ToolResultEvent>().Select(r => r.Result).ToList();
        Assert.Equal("Sent message to bob.", results[0]);
        Assert.Equal("Broadcast sent to 2 teammate(s).", results[1]);
        Assert.StartsWith("Error: Invalid message type 'gossip'", results[2], StringComparison.Ordinal);
        Assert.StartsWith("Error: There is no teammate named 'nobody'.", results[3], StringComparison.Ordinal);
        Assert.Equal("Team: default\n  alice (tester): idle\n  bob (developer): idle", results[4].Replace("working", "idle", StringComparison.Ordinal));
        var bobSaw = Seen(_model["bob"]);
        Assert.Contains("Please fix the login bug.", bobSaw, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"broadcast\",\"sender\":\"lead\",\"content\":\"Release at 5.\"", bobSaw, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"request ([0-9a-f]{8})")]
    private static partial Regex RequestId();
}
