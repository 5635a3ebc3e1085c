using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Events;
using OpenAgent.Core.Tasks;
using OpenAgent.Core.Teams;
using OpenAgent.Core.Tests.Support;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.Core.Tests.Teams;

/// <summary>
/// Teams with a fake clock and one scripted model per agent: every wait (idle polling, idle timeout) happens on
/// <see cref="FakeTimeProvider"/>, so nothing here sleeps for real.
/// </summary>
public sealed partial class TeamTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly TeamModel _model = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AgentHarness Harness(Action<OpenAgentOptions>? options = null) => new(
        options: options,
        services: s =>
        {
            s.AddChatClient(_model);
            s.AddSingleton<TimeProvider>(_time);
        });

    private static AgentSession TeamSession(AgentHarness h, RecordingSink? background = null, string? workspace = null)
    {
        var session = h.NewSession(new AgentSessionOptions { TeamsEnabled = true, WorkspacePath = workspace });
        session.BackgroundEvents = background;
        return session;
    }

    /// <summary>Waits (for real, briefly) until <paramref name="condition"/> holds, optionally moving the fake clock on a second at a time.</summary>
    private async Task UntilAsync(Func<bool> condition, bool advanceTime = false)
    {
        for (var i = 0; i < 4000; i++)
        {
            if (condition())
            {
                return;
            }

            if (advanceTime)
            {
                _time.Advance(TimeSpan.FromSeconds(1));
            }

            await Task.Delay(5, Ct);
        }

        throw new TimeoutException("The condition did not come true.");
    }

    private static string Status(TeamManager team, string name) => team.Get(name)?.Status ?? "none";

    [Fact]
    public async Task A_teammate_works_goes_idle_and_shuts_down_after_the_idle_timeout()
    {
        await using var h = Harness();
        var events = new RecordingSink();
        await using var session = TeamSession(h, events);
        _model["alice"].EnqueueText("Hello, lead. Nothing to do yet.");
        var team = session.Services.GetRequiredService<TeamManager>();

        var member = await team.SpawnAsync("alice", "writer", "Introduce yourself.", Ct);
        await UntilAsync(() => Status(team, "alice") == TeammateStatus.Idle);

        Assert.Equal(TeammateStatus.Working, member.Status);
        var request = Assert.Single(_model["alice"].Requests);
        Assert.StartsWith("You are alice, a teammate with the role \"writer\"", request.SystemPrompt, StringComparison.Ordinal);
        Assert.Equal("Introduce yourself.", request.Messages[^1].Text);
        Assert.Equal(["bash", "read_file", "write_file", "edit_file", "think", "task_list", "task_get", "task_update", "send_message", "read_inbox", "idle"],
            request.ToolNames);

        // Idle for less than the timeout: still idle. Then past it: shut down.
        for (var i = 0; i < 55; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(2, Ct);
        }

        Assert.Equal(TeammateStatus.Idle, Status(team, "alice"));
        await UntilAsync(() => events.OfType<TeammateStatusEvent>().Any(e => e.Name == "alice" && e.Status == TeammateStatus.Shutdown), advanceTime: true);

        Assert.Equal(["working", "idle", "shutdown"], events.OfType<TeammateStatusEvent>().Where(e => e.Name == "alice").Select(e => e.Status));
        var roster = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(session.WorkspacePath, ".team", "config.json"), Ct)).RootElement;
        Assert.Equal("default", roster.GetProperty("team_name").GetString());
        Assert.Equal("shutdown", roster.GetProperty("members")[0].GetProperty("status").GetString());
        Assert.Equal("writer", roster.GetProperty("members")[0].GetProperty("role").GetString());
    }

    [Fact]
    public async Task A_working_name_cannot_be_spawned_again_an_idle_one_can_and_MaxTeammates_is_enforced()
    {
        await using var h = Harness(o => o.MaxTeammates = 2);
        await using var session = TeamSession(h);
        var team = session.Services.GetRequiredService<TeamManager>();
        _model["alice"].Enqueue(ScriptedTurn.Text("thinking for a long time").WithDelay(TimeSpan.FromMinutes(30)));
        _model["bob"].EnqueueText("ready").EnqueueText("ready again");

        await team.SpawnAsync("alice", "researcher", "Research.", Ct);
        await team.SpawnAsync("bob", "tester", "Test.", Ct);
        await UntilAsync(() => Status(team, "bob") == TeammateStatus.Idle);

        var busy = await Assert.ThrowsAsync<TeamException>(() => team.SpawnAsync("alice", "researcher", "Again.", Ct));
        var full = await Assert.ThrowsAsync<TeamException>(() => team.SpawnAsync("carol", "writer", "Write.", Ct));
        var badName = await Assert.ThrowsAsync<TeamException>(() => team.SpawnAsync("../lead", "x", "y", Ct));
        await team.SpawnAsync("bob", "tester", "Test again.", Ct);
        await UntilAsync(() => _model["bob"].Requests.Count == 2 && Status(team, "bob") == TeammateStatus.Idle);

        Assert.Contains("currently working", busy.Message, StringComparison.Ordinal);
        Assert.Contains("The team is full: 2 of 2", full.Message, StringComparison.Ordinal);
        Assert.Contains("not a valid teammate name", badName.Message, StringComparison.Ordinal);
        Assert.Equal("Test again.", _model["bob"].Requests[1].Messages[^1].Text);
        Assert.Equal(2, team.Members.Count);
    }

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
    public async Task A_lead_with_three_teammates_splits_a_task_board_with_dependencies_until_every_task_is_completed()
    {
        await using var h = Harness();
        await using var session = TeamSession(h);
        var board = session.Services.GetRequiredService<TaskBoard>();
        var design = await board.CreateAsync("Design the API", cancellationToken: Ct);
        var backend = await board.CreateAsync("Build the backend", cancellationToken: Ct);
        var frontend = await board.CreateAsync("Build the frontend", cancellationToken: Ct);
        var integrate = await board.CreateAsync("Integrate", cancellationToken: Ct);
        var docs = await board.CreateAsync("Write the docs", cancellationToken: Ct);
        await board.UpdateAsync(backend.Id, new TaskUpdate { AddBlockedBy = [design.Id] }, Ct);
        await board.UpdateAsync(frontend.Id, new TaskUpdate { AddBlockedBy = [design.Id] }, Ct);
        await board.UpdateAsync(integrate.Id, new TaskUpdate { AddBlockedBy = [backend.Id, frontend.Id] }, Ct);

        var claims = new ConcurrentQueue<(string Agent, int Task)>();
        var violations = new ConcurrentQueue<string>();
        foreach (var name in new[] { "alice", "bob", "carol" })
        {
            _model.Respond(name, request =>
            {
                var last = request.Messages[^1];
                if (last.Role == ChatRole.Tool)
                {
                    return ScriptedTurn.Text("Finished it.");
                }

                // The claim is the last user message, followed by the teammate's acknowledgement.
                var claimed = request.Messages.Count >= 2 ? request.Messages[^2] : null;
                if (claimed is null || !claimed.Text.StartsWith("<auto-claimed>", StringComparison.Ordinal))
                {
                    return ScriptedTurn.Text("Ready for work.");
                }

                var id = int.Parse(TaskId().Match(claimed.Text).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                claims.Enqueue((name, id));
                foreach (var blocker in id == integrate.Id ? [backend.Id, frontend.Id] : id == backend.Id || id == frontend.Id ? new[] { design.Id } : [])
                {
                    if (board.Get(blocker).Status != "completed")
                    {
                        violations.Enqueue($"#{id} claimed before #{blocker} was completed");
                    }
                }

                return ScriptedTurn.ToolCall("task_update", new { taskId = id, status = "completed" });
            });
        }

        var team = session.Services.GetRequiredService<TeamManager>();
        foreach (var name in new[] { "alice", "bob", "carol" })
        {
            await team.SpawnAsync(name, "developer", "Work through the task board.", Ct);
        }

        await UntilAsync(() => board.List().All(t => t.Status == "completed"), advanceTime: true);

        Assert.Empty(violations);
        Assert.Equal([1, 2, 3, 4, 5], claims.Select(c => c.Task).Order());
        Assert.All(board.List(), t => Assert.Contains(t.Owner, new[] { "alice", "bob", "carol" }));
        Assert.Equal(claims.ToDictionary(c => c.Task, c => c.Agent), board.List().ToDictionary(t => t.Id, t => t.Owner));
    }

    [Fact]
    public async Task Two_idle_teammates_racing_for_tasks_claim_each_exactly_once()
    {
        await using var h = Harness();
        await using var session = TeamSession(h);
        var board = session.Services.GetRequiredService<TaskBoard>();
        for (var i = 1; i <= 12; i++)
        {
            await board.CreateAsync($"Task {i}", cancellationToken: Ct);
        }

        var claims = new ConcurrentQueue<int>();
        foreach (var name in new[] { "alice", "bob" })
        {
            _model.Respond(name, request =>
            {
                if (request.Messages[^1].Role == ChatRole.Tool)
                {
                    return ScriptedTurn.Text("done");
                }

                var match = TaskId().Match(request.Messages[^2].Text);
                if (!match.Success)
                {
                    return ScriptedTurn.Text("ready");
                }

                var id = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                claims.Enqueue(id);
                return ScriptedTurn.ToolCall("task_update", new { taskId = id, status = "completed" });
            });
        }

        var team = session.Services.GetRequiredService<TeamManager>();
        await Task.WhenAll(team.SpawnAsync("alice", "worker", "Take tasks.", Ct), team.SpawnAsync("bob", "worker", "Take tasks.", Ct));
        await UntilAsync(() => board.List().All(t => t.Status == "completed"), advanceTime: true);

        Assert.Equal(Enumerable.Range(1, 12), claims.Order());
        Assert.All(board.List(), t => Assert.Contains(t.Owner, new[] { "alice", "bob" }));
    }

    [Fact]
    public async Task A_restart_restores_the_roster_and_unread_mail_and_a_restored_name_can_be_spawned_to_read_it()
    {
        await using var h = Harness();
        string workspace;
        await using (var first = TeamSession(h))
        {
            workspace = first.WorkspacePath;
            var team = first.Services.GetRequiredService<TeamManager>();
            _model["alice"].EnqueueText("ready");
            await team.SpawnAsync("alice", "analyst", "Analyse.", Ct);
            await UntilAsync(() => Status(team, "alice") == TeammateStatus.Idle);
        }

        // The session ended (alice shut down); mail sent to her now waits on disk.
        var bus = new MessageBus(Path.Combine(workspace, ".team", "inbox"));
        await bus.SendAsync("lead", "alice", "Next: analyse the Q3 numbers.", cancellationToken: Ct);

        await using var second = TeamSession(h, workspace: workspace);
        var restored = second.Services.GetRequiredService<TeamManager>();

        Assert.Equal([new TeamMember("alice", "analyst", TeammateStatus.Shutdown)], restored.Members);
        Assert.Equal(1, restored.Bus.Pending("alice"));
        Assert.Contains("alice (analyst): shutdown", restored.Describe(), StringComparison.Ordinal);

        _model["alice"].EnqueueText("On it.");
        await restored.SpawnAsync("alice", "analyst", "You are back.", Ct);
        await UntilAsync(() => _model["alice"].Requests.Count == 2);

        Assert.Contains(_model["alice"].Requests[1].Messages, m => m.Text.Contains("analyse the Q3 numbers", StringComparison.Ordinal));
        Assert.Equal(string.Empty, await File.ReadAllTextAsync(Path.Combine(workspace, ".team", "inbox", "alice.jsonl"), Ct));
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

    [Fact]
    public async Task With_teams_off_no_team_tool_is_offered_and_no_team_exists()
    {
        await using var h = Harness();
        await using var session = h.NewSession();
        _model.Lead.Enqueue(ScriptedTurn.ToolCall("spawn_teammate", new { name = "alice", role = "x", prompt = "y" })).EnqueueText("ok");

        await session.RunAsync("make a team", h.Sink, Ct);

        var offered = _model.Lead.Requests[0].ToolNames;
        foreach (var tool in new[] { "spawn_teammate", "list_teammates", "send_message", "read_inbox", "broadcast", "shutdown_request", "check_protocol", "plan_review" })
        {
            Assert.DoesNotContain(tool, offered);
        }

        Assert.StartsWith("Error:", h.Sink.OfType<ToolResultEvent>().Single().Result, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(session.WorkspacePath, ".team")));
        Assert.Empty(_model["alice"].Requests);
    }

    [Fact]
    public async Task Ending_the_session_shuts_every_teammate_down_even_in_the_middle_of_a_model_call()
    {
        await using var h = Harness();
        var events = new RecordingSink();
        var session = TeamSession(h, events);
        var team = session.Services.GetRequiredService<TeamManager>();
        _model["alice"].Enqueue(ScriptedTurn.Text("slow").WithDelay(TimeSpan.FromHours(1)));
        _model["bob"].Enqueue(ScriptedTurn.Text("slow").WithDelay(TimeSpan.FromHours(1)));
        await team.SpawnAsync("alice", "a", "Work.", Ct);
        await team.SpawnAsync("bob", "b", "Work.", Ct);
        await UntilAsync(() => _model["alice"].Requests.Count == 1 && _model["bob"].Requests.Count == 1);

        await session.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.All(team.Members, m => Assert.Equal(TeammateStatus.Shutdown, m.Status));
        Assert.Equal(2, events.OfType<TeammateStatusEvent>().Count(e => e.Status == TeammateStatus.Shutdown));
        var roster = await File.ReadAllTextAsync(Path.Combine(session.WorkspacePath, ".team", "config.json"), Ct);
        Assert.DoesNotContain("working", roster, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_teammate_is_compacted_like_the_lead_and_gets_its_identity_back_afterwards()
    {
        await using var h = Harness(o => { o.ContextWindow = 2000; o.CompactThreshold = 0.5; });
        await using var session = TeamSession(h);
        var team = session.Services.GetRequiredService<TeamManager>();
        _model.Lead.EnqueueText("Summary: alice has been thinking about the migration.");
        _model.Respond("alice", request =>
        {
            if (request.Messages.Any(m => m.Text.StartsWith("<identity>", StringComparison.Ordinal)))
            {
                return ScriptedTurn.Text("Back to work, with my identity restored.");
            }

            var rounds = request.Messages.Count(m => m.Role == ChatRole.Tool);
            return ScriptedTurn.ToolCall("read_file", new { path = "notes.md" }).WithUsage(rounds == 5 ? 1500 : 100, 10);
        });
        await File.WriteAllTextAsync(Path.Combine(session.WorkspacePath, "notes.md"), string.Concat(Enumerable.Repeat("migration notes ", 40)), Ct);

        await team.SpawnAsync("alice", "planner", "Think the migration through.", Ct);
        await UntilAsync(() => Status(team, "alice") == TeammateStatus.Idle);

        var requests = _model.Responded("alice");
        var after = requests[^1].Messages;
        Assert.StartsWith("<identity>You are alice, role \"planner\"", after[1].Text, StringComparison.Ordinal);
        Assert.Contains(after, m => m.Text.Contains("Summary: alice has been thinking", StringComparison.Ordinal));
        Assert.True(after.Count(m => m.Role == ChatRole.Tool) < requests[^2].Messages.Count(m => m.Role == ChatRole.Tool), "older tool exchanges were summarised");

        // Micro-compaction ran before each call too: old long results were replaced by placeholders.
        Assert.Contains(requests[5].Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>(),
            r => r.Result?.ToString()?.StartsWith("[Previous: used read_file]", StringComparison.Ordinal) == true);
    }

    [GeneratedRegex(@"request ([0-9a-f]{8})")]
    private static partial Regex RequestId();

    [GeneratedRegex(@"<auto-claimed>Task #(\d+):")]
    private static partial Regex TaskId();
}
