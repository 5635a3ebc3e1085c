using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Core.Tasks;
using OpenAgent.Core.Teams;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.Core.Tests.Teams;

/// <content>Teammates sharing a task board: dependencies respected, every task claimed exactly once.</content>
public sealed partial class TeamTests
{
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

    [GeneratedRegex(@"<auto-claimed>Task #(\d+):")]
    private static partial Regex TaskId();
}
