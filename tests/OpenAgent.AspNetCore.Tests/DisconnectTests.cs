using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenAgent.Testing;
using Xunit;

namespace OpenAgent.AspNetCore.Tests;

public sealed class DisconnectTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static int Count(string marker)
    {
        using var pgrep = Process.Start(new ProcessStartInfo("pgrep", ["-f", marker]) { RedirectStandardOutput = true })!;
        var output = pgrep.StandardOutput.ReadToEnd();
        pgrep.WaitForExit();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }

    [Fact]
    public async Task A_hundred_clients_that_drop_mid_run_leave_no_process_and_no_session_behind()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var h = await WebHarness.StartAsync(o => o.WorkspaceCleanupDelay = TimeSpan.FromMinutes(5), services: s => s.AddSingleton<TimeProvider>(time));
        var marker = "openagent-drop-" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 100; i++)
        {
            h.Model.Enqueue(ScriptedTurn.ToolCall("bash", new { command = $"sleep 300; echo {marker}" }));
        }

        var ids = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => h.CreateConversationAsync()));
        var sockets = await Task.WhenAll(ids.Select(id => h.ConnectAsync(id)));
        await Task.WhenAll(sockets.Select(s => s.SendAsync(new { type = "message", content = "run the long job" })));
        await Task.WhenAll(sockets.Select(s => s.ReceiveUntilAsync("tool_call")));
        for (var i = 0; i < 200 && Count(marker) < 100; i++)
        {
            await Task.Delay(50, Ct);
        }

        var running = Count(marker);
        var service = h.Services.GetRequiredService<ConversationService>();
        var open = service.OpenSessionCount;
        foreach (var socket in sockets)
        {
            socket.Socket.Abort();
            socket.Socket.Dispose();
        }

        for (var i = 0; i < 400 && Count(marker) > 0; i++)
        {
            await Task.Delay(50, Ct);
        }

        var afterDrop = Count(marker);

        // After the clean-up delay with nobody back, every session is closed.
        for (var i = 0; i < 400 && service.OpenSessionCount > 0; i++)
        {
            time.Advance(TimeSpan.FromSeconds(30));
            await Task.Delay(20, Ct);
        }

        Assert.Equal(100, running);
        Assert.Equal(100, open);
        Assert.Equal(0, afterDrop);
        Assert.Equal(0, service.OpenSessionCount);
        var list = await h.Http.GetStringAsync("/api/conversations", Ct);
        Assert.Equal(100, System.Text.Json.JsonDocument.Parse(list).RootElement.GetArrayLength());
    }
}
