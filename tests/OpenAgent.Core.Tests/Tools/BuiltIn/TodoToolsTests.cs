using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OpenAgent.Core.Events;
using OpenAgent.Core.Tests.Support;
using OpenAgent.Core.Todos;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.Core.Tests.Tools.BuiltIn;

public sealed class TodoToolsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static object Item(string content, string status = "pending") => new { content, status, activeForm = content + "ing" };

    [Fact]
    public async Task Todo_write_replaces_the_list_renders_it_and_reports_the_change()
    {
        await using var h = new AgentHarness();
        h.Model.Enqueue(ScriptedTurn.ToolCall("todo_write", new { items = new[] { Item("Plan", "completed"), Item("Build", "in_progress"), Item("Test") } }))
               .EnqueueText("ok");
        await using var session = h.NewSession();

        await session.RunAsync("go", h.Sink, Ct);

        Assert.Equal("[x] Plan\n[>] Build <- Building\n[ ] Test\n(1/3 completed)", h.Model.Requests[1].ToolResults.Single().Result);
        var update = h.Sink.OfType<TodoUpdateEvent>().Single();
        Assert.Equal(["Plan", "Build", "Test"], update.Todos.Select(t => t.Content));
        Assert.Equal("in_progress", update.Todos[1].Status);
        Assert.Empty(h.Sink.OfType<ToolApprovalRequestEvent>());
    }

    [Fact]
    public async Task Rule_breaking_changes_are_refused_and_leave_the_list_as_it_was()
    {
        await using var h = new AgentHarness();
        var tooMany = Enumerable.Range(1, 21).Select(i => Item($"task {i}")).ToArray();
        h.Model.Enqueue(ScriptedTurn.ToolCall("todo_write", new { items = new[] { Item("A") } }))
               .Enqueue(ScriptedTurn.ToolCall("todo_write", new { items = tooMany }))
               .Enqueue(ScriptedTurn.ToolCall("todo_write", new { items = new[] { Item("A", "in_progress"), Item("B", "in_progress") } }))
               .Enqueue(ScriptedTurn.ToolCall("todo_write", new { items = new[] { new { content = "A", status = "doing", activeForm = "x" } } }))
               .Enqueue(ScriptedTurn.ToolCall("todo_complete", new { content = "a" }))
               .EnqueueText("ok");
        await using var session = h.NewSession();

        await session.RunAsync("go", h.Sink, Ct);

        string Result(int request) => (string)h.Model.Requests[request].ToolResults[^1].Result!;
        Assert.Contains("at most 20 items (got 21)", Result(2), StringComparison.Ordinal);
        Assert.Contains("Only one item may be in_progress", Result(3), StringComparison.Ordinal);
        Assert.Contains("Invalid arguments", Result(4), StringComparison.Ordinal);
        Assert.Contains("No todo item reads exactly 'a'", Result(5), StringComparison.Ordinal);
        Assert.Equal(["A"], session.Services.GetService<TodoList>().Items.Select(i => i.Content));
        Assert.Single(h.Sink.OfType<TodoUpdateEvent>());
    }

    [Fact]
    public async Task Todo_add_appends_until_the_list_is_full_and_todo_complete_ticks_an_item_off()
    {
        await using var h = new AgentHarness();
        await using var session = h.NewSession();
        var list = session.Services.GetService<TodoList>();
        for (var i = 1; i <= 19; i++)
        {
            list.Add(new TodoItem($"task {i}", "pending", $"doing {i}"));
        }

        h.Model.Enqueue(ScriptedTurn.ToolCall("todo_add", new { content = "task 20" }))
               .Enqueue(ScriptedTurn.ToolCall("todo_add", new { content = "task 21" }))
               .Enqueue(ScriptedTurn.ToolCall("todo_complete", new { content = "task 20" }))
               .EnqueueText("ok");

        await session.RunAsync("go", h.Sink, Ct);

        Assert.Contains("at most 20 items", (string)h.Model.Requests[2].ToolResults[^1].Result!, StringComparison.Ordinal);
        Assert.EndsWith("[x] task 20\n(1/20 completed)", (string)h.Model.Requests[3].ToolResults[^1].Result!, StringComparison.Ordinal);
        Assert.Equal("task 20", list.Items[^1].ActiveForm);
    }

    [Fact]
    public async Task Each_session_has_its_own_list()
    {
        await using var h = new AgentHarness();
        h.Model.Enqueue(ScriptedTurn.ToolCall("todo_add", new { content = "mine" })).EnqueueText("ok").EnqueueToolCall("todo_list").EnqueueText("ok");
        await using var first = h.NewSession();
        await using var second = h.NewSession();

        await first.RunAsync("add", AgentEventSink.Null, Ct);
        await second.RunAsync("list", AgentEventSink.Null, Ct);

        Assert.Equal("No todos.", h.Model.Requests[3].ToolResults[^1].Result);
        Assert.Single(first.Services.GetService<TodoList>().Items);
    }
}

internal static class ServiceProviderExtensions
{
    public static T GetService<T>(this IServiceProvider services) where T : class =>
        (T)(services.GetService(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not registered."));
}
