using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
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
}
