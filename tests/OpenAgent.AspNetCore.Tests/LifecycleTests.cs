using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenAgent.Core.Conversations;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.AspNetCore.Tests;

public sealed class LifecycleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task UntilAsync(Func<bool> condition, FakeTimeProvider? time = null)
    {
        for (var i = 0; i < 2000; i++)
        {
            if (condition())
            {
                return;
            }

            time?.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5, Ct);
        }

        throw new TimeoutException("The condition did not come true.");
    }

    [Fact]
    public async Task After_the_clean_up_delay_the_workspace_is_emptied_except_its_state_folders_and_a_returning_client_cancels_it()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var h = await WebHarness.StartAsync(o => o.WorkspaceCleanupDelay = TimeSpan.FromMinutes(5), services: s => s.AddSingleton<TimeProvider>(time));
        var id = await h.CreateConversationAsync();
        var workspace = Path.Combine(h.Root, "workspaces", id);
        h.Model.EnqueueText("ok").EnqueueText("still here");

        await using (var socket = await h.ConnectAsync(id))
        {
            await socket.SendAsync(new { type = "message", content = "hello" });
            await socket.ReceiveUntilAsync("done");
        }

        Directory.CreateDirectory(Path.Combine(workspace, ".tasks"));
        await File.WriteAllTextAsync(Path.Combine(workspace, ".tasks", "task_1.json"), "{}", Ct);
        await File.WriteAllTextAsync(Path.Combine(workspace, "draft.md"), "draft", Ct);

        // A client that comes back within the delay keeps everything.
        time.Advance(TimeSpan.FromMinutes(4));
        await using (var socket = await h.ConnectAsync(id))
        {
            await socket.SendAsync(new { type = "message", content = "still there?" });
            await socket.ReceiveUntilAsync("done");
        }

        time.Advance(TimeSpan.FromMinutes(2));
        await Task.Delay(100, Ct);
        Assert.True(File.Exists(Path.Combine(workspace, "draft.md")));

        // Then nobody comes for the whole delay.
        await UntilAsync(() => !File.Exists(Path.Combine(workspace, "draft.md")), time);

        Assert.True(File.Exists(Path.Combine(workspace, ".tasks", "task_1.json")));
        var detail = await h.Http.GetStringAsync($"/api/conversations/{id}", Ct);
        Assert.Contains("still there?", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CORS_allows_the_configured_origins_only()
    {
        await using var h = await WebHarness.StartAsync(web: w => w.AllowedOrigins.Add("http://app.example"));

        using var allowed = new HttpRequestMessage(HttpMethod.Options, "/api/conversations");
        allowed.Headers.Add("Origin", "http://app.example");
        allowed.Headers.Add("Access-Control-Request-Method", "GET");
        using var refused = new HttpRequestMessage(HttpMethod.Options, "/api/conversations");
        refused.Headers.Add("Origin", "http://evil.example");
        refused.Headers.Add("Access-Control-Request-Method", "GET");

        var yes = await h.Http.SendAsync(allowed, Ct);
        var no = await h.Http.SendAsync(refused, Ct);

        Assert.Equal("http://app.example", string.Join(",", yes.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.False(no.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Stopping_the_host_cancels_a_running_turn_and_saves_its_history()
    {
        var store = new InMemoryConversationStore();
        await using var h = await WebHarness.StartAsync(services: s => s.AddSingleton<IConversationStore>(store));
        h.Model.Enqueue(ScriptedTurn.Text("never finishes").WithDelay(TimeSpan.FromHours(1)));
        var id = await h.CreateConversationAsync();
        await using var socket = await h.ConnectAsync(id);
        await socket.SendAsync(new { type = "message", content = "long job" });
        await UntilAsync(() => h.Model.Requests.Count >= 1);

        await h.StopAsync().WaitAsync(TimeSpan.FromSeconds(30), Ct);

        var saved = await store.GetAsync(id, Ct);
        Assert.Equal("long job", saved!.State.Messages[0].Text);
        Assert.Equal("long job", saved.Title);
    }

    [Fact]
    public async Task A_socket_that_leaves_after_the_host_stopped_saves_nothing_more()
    {
        // Kestrel may let a socket's handler finish after the conversations' own shutdown (a client that never answers
        // the close frame): by then the host's services may be disposed, so the last save must be the shutdown's.
        var store = new CountingStore();
        await using var h = await WebHarness.StartAsync(services: s => s.AddSingleton<IConversationStore>(store));
        var service = h.Services.GetRequiredService<ConversationService>();
        var id = await h.CreateConversationAsync();
        var (live, result) = await service.AttachAsync(id, Ct);
        Assert.Equal(AttachResult.Attached, result);

        await h.StopAsync().WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Equal(2, store.Saves);
        await service.ReleaseAsync(live!);

        Assert.Equal(2, store.Saves);
        Assert.Equal(id, (await store.GetAsync(id, Ct))!.Id);
    }

    [Fact]
    public async Task A_second_stop_at_the_same_time_waits_for_the_first_to_finish_saving()
    {
        // A host can be stopped twice at once (its own run loop and a test factory): the second caller must not return
        // while the conversations are still being saved, or the container gets disposed under the save.
        var store = new CountingStore();
        await using var h = await WebHarness.StartAsync(services: s => s.AddSingleton<IConversationStore>(store));
        var service = h.Services.GetRequiredService<ConversationService>();
        var id = await h.CreateConversationAsync();
        _ = await service.AttachAsync(id, Ct);
        store.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = service.StopAsync(Ct);
        var second = service.StopAsync(Ct);
        await UntilAsync(() => store.Saves == 2);
        await Task.Delay(100, Ct);

        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);
        store.Gate.SetResult();
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await service.DisposeAsync();
        Assert.Equal(2, store.Saves);
    }

    /// <summary>An in-memory store that counts saves.</summary>
    private sealed class CountingStore : IConversationStore
    {
        private readonly InMemoryConversationStore _inner = new();
        private int _saves;

        public int Saves => Volatile.Read(ref _saves);

        /// <summary>Gets or sets a task that saves wait for before they store anything.</summary>
        public TaskCompletionSource? Gate { get; set; }

        public async Task SaveAsync(ConversationRecord conversation, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _saves);
            if (Gate is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }

            await _inner.SaveAsync(conversation, cancellationToken);
        }

        public Task<ConversationRecord?> GetAsync(string id, CancellationToken cancellationToken = default) => _inner.GetAsync(id, cancellationToken);

        public Task<IReadOnlyList<ConversationSummary>> ListAsync(CancellationToken cancellationToken = default) => _inner.ListAsync(cancellationToken);

        public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) => _inner.DeleteAsync(id, cancellationToken);
    }
}
