using System;
using System.IO;
using System.Linq;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.AspNetCore.Tests;

public sealed class SocketProtocolTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> GetAsync(WebHarness h, string path) =>
        await h.Http.GetFromJsonAsync<JsonElement>(path, Ct);

    [Fact]
    public async Task A_message_streams_the_run_as_the_seeds_events_and_the_conversation_is_saved_with_a_title()
    {
        await using var h = await WebHarness.StartAsync();
        h.Model.Enqueue(ScriptedTurn.ToolCall("write_file", new { path = "hello.txt", content = "hi" }).WithUsage(100, 10))
               .Enqueue(ScriptedTurn.Text("Wrote ", "it.").WithUsage(120, 5));
        var id = await h.CreateConversationAsync();
        await using var socket = await h.ConnectAsync(id);

        await socket.SendAsync(new { type = "message", content = "Please write hello.txt for me" });
        var events = await socket.ReceiveUntilAsync("done");

        Assert.Equal(["tool_call", "tool_result", "text_delta", "text_delta", "done"], events.Types());
        Assert.Equal("""{"type":"tool_call","tool":"write_file","input":{"path":"hello.txt","content":"hi"}}""", events[0].GetRawText());
        var done = events[^1];
        Assert.Equal(220, done.GetProperty("usage").GetProperty("input_tokens").GetInt32());
        Assert.Equal("hello.txt", done.GetProperty("files")[0].GetProperty("path").GetString());

        var detail = await GetAsync(h, $"/api/conversations/{id}");
        Assert.Equal(4, detail.GetProperty("messages").GetArrayLength());
        Assert.Equal("tool_use", detail.GetProperty("messages")[1].GetProperty("content")[0].GetProperty("type").GetString());
        Assert.Equal(220, detail.GetProperty("total_input_tokens").GetInt32());
        var list = await GetAsync(h, "/api/conversations");
        Assert.Equal("Please write hello.txt for me", list[0].GetProperty("title").GetString());
        Assert.Equal(4, list[0].GetProperty("message_count").GetInt32());
        Assert.True(File.Exists(Path.Combine(h.Root, "workspaces", id, "hello.txt")));
    }

    [Fact]
    public async Task Tool_approval_approve_deny_auto_approve_and_a_stray_answer()
    {
        await using var h = await WebHarness.StartAsync();
        h.Model.Enqueue(ScriptedTurn.ToolCall("bash", new { command = "echo approved-run" }, "c1"))
               .Enqueue(ScriptedTurn.ToolCall("bash", new { command = "echo denied-run" }, "c2"))
               .Enqueue(ScriptedTurn.ToolCall("bash", new { command = "echo auto-run" }, "c3"))
               .Enqueue(ScriptedTurn.ToolCall("bash", new { command = "echo no-question" }, "c4"))
               .EnqueueText("done");
        var id = await h.CreateConversationAsync(new { enable_approval = true });
        await using var socket = await h.ConnectAsync(id);

        await socket.SendAsync(new { type = "tool_approval_response", decision = "approve" });
        var stray = await socket.ReceiveUntilAsync("error");
        await socket.SendAsync(new { type = "message", content = "run things" });
        var first = await socket.ReceiveUntilAsync("tool_approval_request");
        await socket.SendAsync(new { type = "tool_approval_response", decision = "approve" });
        var approved = await socket.ReceiveUntilAsync("tool_approval_request");
        await socket.SendAsync(new { type = "tool_approval_response", decision = "deny" });
        var denied = await socket.ReceiveUntilAsync("tool_approval_request");
        await socket.SendAsync(new { type = "tool_approval_response", decision = "auto_approve" });
        var rest = await socket.ReceiveUntilAsync("done");

        Assert.Equal("No tool approval is waiting for an answer.", stray[^1].GetProperty("message").GetString());
        Assert.Equal("c1", first[^1].GetProperty("tools")[0].GetProperty("id").GetString());
        Assert.Equal("approved", approved.Single(e => e.Type() == "tool_approval_result").GetProperty("decision").GetString());
        Assert.Contains("approved-run", approved.Single(e => e.Type() == "tool_result").GetProperty("result").GetString(), StringComparison.Ordinal);
        Assert.Equal("denied", denied.Single(e => e.Type() == "tool_approval_result").GetProperty("decision").GetString());
        Assert.DoesNotContain("denied-run", denied.Single(e => e.Type() == "tool_result").GetProperty("result").GetString(), StringComparison.Ordinal);
        Assert.Equal("auto_approved", rest.First(e => e.Type() == "tool_approval_result").GetProperty("decision").GetString());
        Assert.Equal(2, rest.Count(e => e.Type() == "tool_result"));
        Assert.DoesNotContain(rest, e => e.Type() == "tool_approval_request");
        var detail = await GetAsync(h, $"/api/conversations/{id}");
        Assert.False(detail.GetProperty("enable_approval").GetBoolean());
    }

    [Fact]
    public async Task An_unanswered_approval_times_out_with_an_error()
    {
        await using var h = await WebHarness.StartAsync(o => o.ApprovalTimeout = TimeSpan.FromMilliseconds(300));
        h.Model.Enqueue(ScriptedTurn.ToolCall("bash", new { command = "echo never" }));
        var id = await h.CreateConversationAsync(new { enable_approval = true });
        await using var socket = await h.ConnectAsync(id);

        await socket.SendAsync(new { type = "message", content = "go" });
        var events = await socket.ReceiveUntilAsync("error");

        Assert.Equal(["tool_call", "tool_approval_request", "error"], events.Types());
        Assert.Contains("approval timed out", events[^1].GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Interrupt_redirects_a_running_turn_and_cancel_stops_one()
    {
        await using var h = await WebHarness.StartAsync();
        h.Model.Enqueue(ScriptedTurn.Text("slow answer").WithDelay(TimeSpan.FromMinutes(5)))
               .EnqueueText("Redirected as asked.")
               .Enqueue(ScriptedTurn.Text("another slow one").WithDelay(TimeSpan.FromMinutes(5)));
        var id = await h.CreateConversationAsync();
        await using var socket = await h.ConnectAsync(id);

        await socket.SendAsync(new { type = "message", content = "write an essay" });
        await WaitForRequests(h, 1);
        await socket.SendAsync(new { type = "message", content = "too early" });
        var busy = await socket.ReceiveUntilAsync("error");
        await socket.SendAsync(new { type = "interrupt", content = "just say hi instead" });
        var redirected = await socket.ReceiveUntilAsync("done");
        await socket.SendAsync(new { type = "message", content = "again" });
        await WaitForRequests(h, 3);
        await socket.SendAsync(new { type = "cancel" });
        var cancelled = await socket.ReceiveUntilAsync("error");

        Assert.Contains("A run is in progress", busy[^1].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(["interrupted", "text_delta", "done"], redirected.Types());
        Assert.Equal("just say hi instead", h.Model.Requests[1].Messages[^1].Text);
        Assert.Equal("Cancelled", cancelled[^1].GetProperty("message").GetString());
    }

    [Fact]
    public async Task Toggles_answer_with_changed_events_and_persist_and_plan_approval_runs_the_plan()
    {
        await using var h = await WebHarness.StartAsync();
        h.Model.EnqueueText("Carrying out the plan.").EnqueueText("Revising the plan.");
        var id = await h.CreateConversationAsync();
        await using var socket = await h.ConnectAsync(id);

        await socket.SendAsync(new { type = "toggle_teams", enabled = true });
        await socket.SendAsync(new { type = "toggle_tracing_typo", enabled = true });
        await socket.SendAsync(new { type = "toggle_approval", enabled = true });
        await socket.SendAsync(new { type = "toggle_plan_mode", enabled = true });
        var toggles = await socket.ReceiveUntilAsync("plan_mode_changed");
        var detail = await GetAsync(h, $"/api/conversations/{id}");
        await socket.SendAsync(new { type = "plan_approval", decision = "approve" });
        var approved = await socket.ReceiveUntilAsync("done");
        await socket.SendAsync(new { type = "plan_approval", decision = "reject", feedback = "Add tests." });
        var rejected = await socket.ReceiveUntilAsync("done");

        Assert.Equal(["teams_changed", "error", "approval_changed", "plan_mode_changed"], toggles.Types());
        Assert.True(toggles[0].GetProperty("enabled").GetBoolean());
        Assert.StartsWith("Unknown message type 'toggle_tracing_typo'", toggles[1].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(detail.GetProperty("enable_teams").GetBoolean() && detail.GetProperty("enable_approval").GetBoolean() && detail.GetProperty("enable_plan_mode").GetBoolean());
        Assert.Equal(["plan_approved", "plan_mode_changed", "text_delta", "done"], approved.Types());
        Assert.False(approved[1].GetProperty("enabled").GetBoolean());
        Assert.Contains("plan is approved", h.Model.Requests[0].Messages[^1].Text, StringComparison.Ordinal);
        Assert.Equal("Add tests.", rejected[0].GetProperty("feedback").GetString());
        Assert.Contains("Feedback: Add tests.", h.Model.Requests[1].Messages[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_gets_error_events_and_never_takes_the_server_down()
    {
        await using var h = await WebHarness.StartAsync(web: w => w.MaxMessageBytes = 4096);
        h.Model.EnqueueText("You said hello.");
        var id = await h.CreateConversationAsync();
        await using var socket = await h.ConnectAsync(id);

        await socket.SendTextAsync("{ this is not json");
        await socket.SendTextAsync("[1, 2]");
        await socket.SendTextAsync("""{"content": "no type"}""");
        await socket.SendAsync(new { type = "message", content = "   " });
        await socket.Socket.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, true, Ct);
        var errors = new[] { await socket.ReceiveAsync(), await socket.ReceiveAsync(), await socket.ReceiveAsync(), await socket.ReceiveAsync(), await socket.ReceiveAsync() };
        await socket.SendTextAsync("hello there");
        var plain = await socket.ReceiveUntilAsync("done");

        Assert.All(errors, e => Assert.Equal("error", e!.Value.Type()));
        Assert.StartsWith("Malformed JSON", errors[0]!.Value.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("JSON object", errors[1]!.Value.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("\"type\"", errors[2]!.Value.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("Empty message", errors[3]!.Value.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("Binary", errors[4]!.Value.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("hello there", h.Model.Requests[0].Messages[^1].Text);
        Assert.Equal("done", plain[^1].Type());

        // A message over the limit closes the socket with a reason; the server goes on serving.
        await socket.SendTextAsync(JsonSerializer.Serialize(new { type = "message", content = new string('x', 10_000) }));
        Assert.Null(await socket.ReceiveAsync());
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, socket.Socket.CloseStatus);
        Assert.Contains("at most 4096 bytes", socket.Socket.CloseStatusDescription, StringComparison.Ordinal);
        await using var again = await h.ConnectAsync(id);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await h.Http.GetAsync("/health", Ct)).StatusCode);
    }

    [Fact]
    public async Task Unknown_and_busy_conversations_are_refused_with_an_error_and_a_close_code()
    {
        await using var h = await WebHarness.StartAsync();
        var id = await h.CreateConversationAsync();
        await using var first = await h.ConnectAsync(id);
        await first.SendAsync(new { type = "toggle_teams", enabled = false });
        await first.ReceiveUntilAsync("teams_changed");
        await using var second = await h.ConnectAsync(id);
        await using var unknown = await h.ConnectAsync("000000000000");

        var busy = await second.ReceiveAsync();
        var missing = await unknown.ReceiveAsync();

        Assert.Contains("already open in another connection", busy!.Value.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Null(await second.ReceiveAsync());
        Assert.Equal(4409, (int)second.Socket.CloseStatus!);
        Assert.Contains("No conversation '000000000000'", missing!.Value.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Null(await unknown.ReceiveAsync());
        Assert.Equal(4404, (int)unknown.Socket.CloseStatus!);
    }

    [Fact]
    public async Task A_client_that_leaves_mid_run_cancels_it_its_history_is_saved_and_a_new_socket_resumes()
    {
        await using var h = await WebHarness.StartAsync();
        h.Model.Enqueue(ScriptedTurn.Text("Partial answer ").ThenThrow(new InvalidOperationException("never reached")).WithDelay(TimeSpan.Zero))
               .Enqueue(ScriptedTurn.Text("slow").WithDelay(TimeSpan.FromMinutes(5)))
               .EnqueueText("Resumed fine.");
        var id = await h.CreateConversationAsync();
        var socket = await h.ConnectAsync(id);
        await socket.SendAsync(new { type = "message", content = "first" });
        await socket.ReceiveUntilAsync("error");
        await socket.SendAsync(new { type = "message", content = "second, slow" });
        await WaitForRequests(h, 2);
        socket.Socket.Abort();
        socket.Socket.Dispose();

        await using var resumed = await ConnectWhenFreeAsync(h, id);
        await resumed.SendAsync(new { type = "message", content = "third" });
        var events = await resumed.ReceiveUntilAsync("done");

        Assert.Equal("done", events[^1].Type());
        var sent = h.Model.Requests[2].Messages.Where(m => m.Role != Microsoft.Extensions.AI.ChatRole.System).Select(m => m.Text).ToList();
        Assert.Equal(["first", "second, slow", "third"], sent.Where(t => t is "first" or "second, slow" or "third"));
        var detail = await GetAsync(h, $"/api/conversations/{id}");
        var messages = detail.GetProperty("messages");
        Assert.Equal("Resumed fine.", messages[messages.GetArrayLength() - 1].GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Conversations_survive_a_host_restart_through_the_store()
    {
        var store = new OpenAgent.Core.Conversations.InMemoryConversationStore();
        string id;
        string root;
        await using (var first = await WebHarness.StartAsync(services: s => s.AddSingleton<OpenAgent.Core.Conversations.IConversationStore>(store)))
        {
            first.Model.EnqueueText("Remember: the answer is 42.");
            id = await first.CreateConversationAsync(new { preset = "work", enable_teams = true });
            root = first.Root;
            await using var socket = await first.ConnectAsync(id);
            await socket.SendAsync(new { type = "message", content = "what is the answer?" });
            await socket.ReceiveUntilAsync("done");
        }

        await using var second = await WebHarness.StartAsync(services: s => s.AddSingleton<OpenAgent.Core.Conversations.IConversationStore>(store));
        second.Model.EnqueueText("Still 42.");
        var detail = await GetAsync(second, $"/api/conversations/{id}");
        await using var resumed = await second.ConnectAsync(id);
        await resumed.SendAsync(new { type = "message", content = "and now?" });
        await resumed.ReceiveUntilAsync("done");

        Assert.Equal(2, detail.GetProperty("messages").GetArrayLength());
        Assert.True(detail.GetProperty("enable_teams").GetBoolean());
        Assert.Equal("work", detail.GetProperty("preset").GetString());
        Assert.Contains(second.Model.Requests[0].Messages, m => m.Text == "Remember: the answer is 42.");
        Assert.Contains(Path.Combine(second.Root, "workspaces", id), second.Model.Requests[0].SystemPrompt, StringComparison.Ordinal);
        _ = root;
    }

    [Fact]
    public async Task Todo_task_sub_agent_compaction_and_trace_events_reach_the_socket_as_the_seeds_JSON()
    {
        await using var h = await WebHarness.StartAsync();
        h.Model.Enqueue(ScriptedTurn.ToolCall("todo_write", new { items = new[] { new { content = "Plan", status = "in_progress", activeForm = "Planning" } } }))
               .Enqueue(ScriptedTurn.ToolCall("task_create", new { subject = "Ship it" }))
               .Enqueue(ScriptedTurn.ToolCall("task", new { description = "look around", prompt = "List the files.", agent_type = "explore" }))
               .EnqueueText("The sub-agent found nothing.")
               .Enqueue(ScriptedTurn.ToolCall("compact", new { focus = "the plan" }))
               .EnqueueText("All done.");
        var id = await h.CreateConversationAsync(new { enable_tracing = true });
        await using var socket = await h.ConnectAsync(id);

        await socket.SendAsync(new { type = "message", content = "organise" });
        var events = await socket.ReceiveUntilAsync("done");

        var types = events.Types().ToList();
        foreach (var type in new[] { "llm_request", "llm_response", "todo_update", "task_update", "subagent_start", "subagent_end", "compact", "tool_call", "tool_result", "text_delta", "done" })
        {
            Assert.Contains(type, types);
        }

        var todo = events.First(e => e.Type() == "todo_update");
        Assert.Equal("""{"content":"Plan","status":"in_progress","activeForm":"Planning"}""", todo.GetProperty("todos")[0].GetRawText());
        var task = events.First(e => e.Type() == "task_update").GetProperty("tasks")[0];
        Assert.Equal(("Ship it", "pending"), (task.GetProperty("subject").GetString(), task.GetProperty("status").GetString()));
        var end = events.First(e => e.Type() == "subagent_end");
        Assert.Equal(events.First(e => e.Type() == "subagent_start").GetProperty("subagent_id").GetString(), end.GetProperty("subagent_id").GetString());
        Assert.Equal("explore", end.GetProperty("agent_type").GetString());
        Assert.Contains("the plan", events.First(e => e.Type() == "compact").GetProperty("message").GetString(), StringComparison.Ordinal);
        var requests = events.Where(e => e.Type() == "llm_request").Select(e => e.GetProperty("seq").GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(1, requests.Count), requests);
    }

    [Fact]
    public async Task Deleting_an_open_conversation_closes_its_socket_and_it_does_not_come_back()
    {
        await using var h = await WebHarness.StartAsync();
        h.Model.EnqueueText("hello");
        var id = await h.CreateConversationAsync();
        await using var socket = await h.ConnectAsync(id);
        await socket.SendAsync(new { type = "message", content = "hi" });
        await socket.ReceiveUntilAsync("done");

        var deleted = await h.Http.DeleteAsync($"/api/conversations/{id}", Ct);
        var closed = await socket.ReceiveAsync();
        await Task.Delay(200, Ct);

        Assert.Equal(System.Net.HttpStatusCode.OK, deleted.StatusCode);
        Assert.Null(closed);
        Assert.Equal(4410, (int)socket.Socket.CloseStatus!);
        Assert.Equal("The conversation was deleted.", socket.Socket.CloseStatusDescription);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await h.Http.GetAsync($"/api/conversations/{id}", Ct)).StatusCode);
        Assert.DoesNotContain(id, await h.Http.GetStringAsync("/api/conversations", Ct), StringComparison.Ordinal);
    }

    private static async Task WaitForRequests(WebHarness h, int count)
    {
        for (var i = 0; i < 2000 && h.Model.Requests.Count < count; i++)
        {
            await Task.Delay(5, Ct);
        }

        Assert.True(h.Model.Requests.Count >= count, $"the model got {h.Model.Requests.Count} of {count} requests");
    }

    private static async Task<TestSocket> ConnectWhenFreeAsync(WebHarness h, string id)
    {
        // The server notices the dropped connection asynchronously: retry until the conversation is free.
        for (var i = 0; i < 200; i++)
        {
            var socket = await h.ConnectAsync(id);
            using var probe = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            await socket.SendAsync(new { type = "toggle_teams", enabled = false });
            var reply = await socket.ReceiveAsync();
            if (reply is { } r && r.Type() == "teams_changed")
            {
                return socket;
            }

            await socket.DisposeAsync();
            await Task.Delay(20, Ct);
        }

        throw new TimeoutException("The conversation stayed busy.");
    }
}
