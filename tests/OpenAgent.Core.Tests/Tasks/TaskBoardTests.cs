using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Events;
using OpenAgent.Core.Tasks;
using OpenAgent.Core.Tests.Support;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.Core.Tests.Tasks;

public sealed class TaskBoardTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();
    private readonly TaskBoard _board;

    public TaskBoardTests() => _board = new TaskBoard(_workspace.Path);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _board.Dispose();
        _workspace.Dispose();
    }

    private Task<TaskRecord> Create(string subject) => _board.CreateAsync(subject, cancellationToken: Ct);

    private Task<TaskRecord> Update(int id, TaskUpdate update) => _board.UpdateAsync(id, update, Ct);

    [Fact]
    public async Task Tasks_are_files_with_camelCase_keys_and_read_back_whole()
    {
        var task = await _board.CreateAsync("Write docs", "All pages", "Writing docs", Ct);
        await Update(task.Id, new TaskUpdate { Metadata = new Dictionary<string, JsonElement> { ["priority"] = JsonElement.Parse("2") } });

        var file = File.ReadAllText(Path.Combine(_workspace.Path, ".tasks", "task_1.json"));
        using var json = JsonDocument.Parse(file);
        Assert.Equal(["id", "subject", "description", "status", "blockedBy", "blocks", "owner", "activeForm", "metadata"],
            json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Contains("\n  \"subject\": \"Write docs\"", file, StringComparison.Ordinal);
        var read = _board.Get(1);
        Assert.Equal((1, "pending", "All pages", "Writing docs", ""), (read.Id, read.Status, read.Description, read.ActiveForm, read.Owner));
        Assert.Equal(2, read.Metadata["priority"].GetInt32());
    }

    [Fact]
    public async Task Updates_set_fields_delete_removes_the_file_and_ids_are_never_reused()
    {
        await Create("A");
        await Create("B");
        var updated = await Update(2, new TaskUpdate { Subject = "B2", Description = "d", ActiveForm = "Doing B", Owner = "alice", Status = "in_progress" });
        var deleted = await Update(2, new TaskUpdate { Status = "deleted" });
        var next = await Create("C");

        Assert.Equal(("B2", "d", "Doing B", "alice", "in_progress"), (updated.Subject, updated.Description, updated.ActiveForm, updated.Owner, updated.Status));
        Assert.Equal("deleted", deleted.Status);
        Assert.False(File.Exists(Path.Combine(_workspace.Path, ".tasks", "task_2.json")));
        Assert.Equal(3, next.Id);
        Assert.Equal([1, 3], _board.List().Select(t => t.Id));
    }

    [Fact]
    public async Task Invalid_status_unknown_ids_self_links_and_cycles_are_refused_and_change_nothing()
    {
        await Create("A");
        await Create("B");
        await Update(2, new TaskUpdate { AddBlockedBy = [1] });

        Assert.StartsWith("Invalid status 'done'", (await Assert.ThrowsAsync<TaskBoardException>(() => Update(1, new TaskUpdate { Status = "done" }))).Message, StringComparison.Ordinal);
        Assert.Equal("Task #9 was not found.", (await Assert.ThrowsAsync<TaskBoardException>(() => Update(1, new TaskUpdate { AddBlockedBy = [9] }))).Message);
        Assert.Contains("itself", (await Assert.ThrowsAsync<TaskBoardException>(() => Update(1, new TaskUpdate { AddBlocks = [1] }))).Message, StringComparison.Ordinal);
        Assert.Contains("cycle", (await Assert.ThrowsAsync<TaskBoardException>(() => Update(1, new TaskUpdate { AddBlockedBy = [2] }))).Message, StringComparison.Ordinal);
        Assert.Equal("Task #7 was not found.", Assert.Throws<TaskBoardException>(() => _board.Get(7)).Message);
        Assert.Empty(_board.Get(1).BlockedBy);
        Assert.Equal("pending", _board.Get(1).Status);
    }

    [Fact]
    public async Task Links_are_kept_both_ways()
    {
        await Create("A");
        await Create("B");
        await Create("C");

        await Update(2, new TaskUpdate { AddBlockedBy = [1] });
        await Update(2, new TaskUpdate { AddBlocks = [3] });

        Assert.Equal([2], _board.Get(1).Blocks);
        Assert.Equal([1], _board.Get(2).BlockedBy);
        Assert.Equal([3], _board.Get(2).Blocks);
        Assert.Equal([2], _board.Get(3).BlockedBy);
    }

    [Fact]
    public async Task Completing_unblocks_dependents_along_a_chain_and_a_diamond()
    {
        for (var i = 1; i <= 5; i++)
        {
            await Create($"T{i}");
        }

        // Diamond: 1 -> 2, 1 -> 3, (2, 3) -> 4; chain: 4 -> 5.
        await Update(2, new TaskUpdate { AddBlockedBy = [1] });
        await Update(3, new TaskUpdate { AddBlockedBy = [1] });
        await Update(4, new TaskUpdate { AddBlockedBy = [2, 3] });
        await Update(5, new TaskUpdate { AddBlockedBy = [4] });
        Assert.Equal([1], _board.ListUnclaimed().Select(t => t.Id));

        await Update(1, new TaskUpdate { Status = "completed" });
        Assert.Equal([2, 3], _board.ListUnclaimed().Select(t => t.Id));

        await Update(2, new TaskUpdate { Status = "completed" });
        Assert.Equal([3], _board.Get(4).BlockedBy);

        await Update(3, new TaskUpdate { Status = "completed" });
        await Update(4, new TaskUpdate { Status = "completed" });
        Assert.Equal([5], _board.ListUnclaimed().Select(t => t.Id));
    }

    [Fact]
    public async Task Deleting_a_blocker_unblocks_its_dependents()
    {
        await Create("A");
        await Create("B");
        await Update(2, new TaskUpdate { AddBlockedBy = [1] });

        await Update(1, new TaskUpdate { Status = "deleted" });

        Assert.Empty(_board.Get(2).BlockedBy);
    }

    [Fact]
    public async Task Claiming_takes_only_unowned_pending_unblocked_tasks()
    {
        await Create("A");
        await Create("B");
        await Create("C");
        await Update(3, new TaskUpdate { AddBlockedBy = [2] });

        var claimed = await _board.ClaimAsync(1, "alice", Ct);

        Assert.Equal(("alice", "in_progress"), (claimed.Owner, claimed.Status));
        Assert.Equal("Task #1 is already claimed by alice.", (await Assert.ThrowsAsync<TaskBoardException>(() => _board.ClaimAsync(1, "bob", Ct))).Message);
        Assert.Equal("Task #3 is blocked by #2.", (await Assert.ThrowsAsync<TaskBoardException>(() => _board.ClaimAsync(3, "bob", Ct))).Message);
        Assert.Equal([2], _board.ListUnclaimed().Select(t => t.Id));
    }

    [Fact]
    public async Task The_board_renders_in_numeric_order()
    {
        for (var i = 1; i <= 10; i++)
        {
            await Create($"T{i}");
        }

        await Update(2, new TaskUpdate { Status = "in_progress", Owner = "x", ActiveForm = "Working" });
        await Update(3, new TaskUpdate { Status = "completed" });
        await Update(10, new TaskUpdate { AddBlockedBy = [2] });

        var lines = _board.Render().Split('\n');

        Assert.Equal("[ ] #1: T1", lines[0]);
        Assert.Equal("[>] #2: T2 @x <- Working", lines[1]);
        Assert.Equal("[x] #3: T3", lines[2]);
        Assert.Equal("[ ] #10: T10 (blocked by: [2])", lines[9]);
        Assert.Equal("(1/10 completed)", lines[10]);
        Assert.Equal("No tasks.", TaskBoard.Render([]));
    }

    [Fact]
    public async Task Corrupt_or_foreign_files_are_skipped_and_a_new_board_instance_sees_the_same_tasks()
    {
        await Create("A");
        _workspace.Write(".tasks/task_2.json", "{ not json");
        _workspace.Write(".tasks/task_x.json", "{}");
        _workspace.Write(".tasks/task_3.json", """{"id": 99, "subject": "wrong id"}""");
        _workspace.Write(".tasks/notes.txt", "hello");

        var logger = new Microsoft.Extensions.Logging.Testing.FakeLogger<TaskBoard>();
        using var restarted = new TaskBoard(_workspace.Path, logger);

        Assert.Equal(["A"], restarted.List().Select(t => t.Subject));
        var warnings = logger.Collector.GetSnapshot().Where(r => r.Level == Microsoft.Extensions.Logging.LogLevel.Warning).Select(r => r.Message).ToList();
        Assert.Contains(warnings, m => m.Contains("task_2.json", StringComparison.Ordinal));
        Assert.Contains(warnings, m => m.Contains("task_x.json", StringComparison.Ordinal));
        Assert.Contains(warnings, m => m.Contains("task_3.json", StringComparison.Ordinal));
        Assert.Equal(4, (await restarted.CreateAsync("B", cancellationToken: Ct)).Id);
        Assert.Equal("{ not json", File.ReadAllText(Path.Combine(_workspace.Path, ".tasks", "task_2.json")));
    }

    [Fact]
    public async Task Twenty_concurrent_updates_lose_nothing()
    {
        await Create("shared");

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => Update(1, new TaskUpdate
        {
            Metadata = new Dictionary<string, JsonElement> { [$"k{i}"] = JsonElement.Parse(i.ToString(System.Globalization.CultureInfo.InvariantCulture)) },
        }), Ct)));

        Assert.Equal(20, _board.Get(1).Metadata.Count);
    }

    [Fact]
    public async Task The_tools_work_through_the_loop_and_report_the_board()
    {
        await using var h = new AgentHarness();
        h.Model.Enqueue(ScriptedTurn.ToolCall("task_create", new { subject = "Design" }))
               .Enqueue(ScriptedTurn.ToolCall("task_create", new { subject = "Build" }))
               .Enqueue(ScriptedTurn.ToolCall("task_update", new { taskId = 2, addBlockedBy = new[] { 1 } }))
               .EnqueueToolCall("task_list")
               .EnqueueText("ok");
        await using var session = h.NewSession();

        await session.RunAsync("plan the work", h.Sink, Ct);

        Assert.Equal("[ ] #1: Design\n[ ] #2: Build (blocked by: [1])\n(0/2 completed)", h.Model.Requests[4].ToolResults[^1].Result);
        var last = h.Sink.OfType<TaskUpdateEvent>()[^1];
        Assert.Equal([1, 2], last.Tasks.Select(t => t.Id));
        Assert.Contains("\"blockedBy\":[1]", last.ToJson(), StringComparison.Ordinal);
        Assert.Empty(h.Sink.OfType<ToolApprovalRequestEvent>());
    }
}
