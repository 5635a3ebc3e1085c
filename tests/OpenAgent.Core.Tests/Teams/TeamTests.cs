using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenAgent.Core.Agents;
using OpenAgent.Core.Events;
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
}
