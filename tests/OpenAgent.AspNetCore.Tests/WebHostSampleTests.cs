using System;
using System.IO;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

namespace OpenAgent.AspNetCore.Tests;

/// <summary>samples/WebHost as shipped, hosted by WebApplicationFactory, with no model configured.</summary>
public sealed class WebHostSampleTests : IDisposable
{
    private readonly string _workspace = Directory.CreateTempSubdirectory("openagent-webhost-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_workspace, recursive: true);

    [Fact]
    public async Task The_sample_serves_its_page_and_runs_the_offline_demo_episode_over_the_WebSocket()
    {
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("OpenAgent:WorkspaceDir", _workspace);
            b.UseSetting("OpenAgent:Model:Provider", "demo");
            b.UseSetting("OpenAgent:Store:ConnectionString", $"Data Source={Path.Combine(_workspace, "test.db")};Pooling=False");
        });
        using var http = factory.CreateClient();

        var page = await http.GetStringAsync("/", Ct);
        var health = await http.GetFromJsonAsync<JsonElement>("/health", Ct);
        var created = await (await http.PostAsJsonAsync("/api/chat", new { }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = created.GetProperty("conversation_id").GetString();
        var client = factory.Server.CreateWebSocketClient();
        using var socket = await client.ConnectAsync(new Uri(factory.Server.BaseAddress, $"api/chat/{id}/ws"), Ct);
        await socket.SendAsync(Encoding.UTF8.GetBytes("""{"type":"message","content":"Show me what you can do."}"""), WebSocketMessageType.Text, true, Ct);

        var types = new System.Collections.Generic.List<string>();
        var text = new StringBuilder();
        var buffer = new byte[256 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, Ct);
            var e = JsonDocument.Parse(buffer.AsMemory(0, result.Count)).RootElement;
            types.Add(e.GetProperty("type").GetString()!);
            if (types[^1] == "text_delta")
            {
                text.Append(e.GetProperty("content").GetString());
            }

            if (types[^1] is "done" or "error")
            {
                break;
            }
        }

        Assert.Contains("<title>OpenAgent</title>", page, StringComparison.Ordinal);
        Assert.Equal("offline-demo", health.GetProperty("model").GetString());
        Assert.Equal("done", types[^1]);
        Assert.StartsWith("[offline demo model", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("todo_update", types);
        Assert.True(File.Exists(Path.Combine(_workspace, id!, "hello.md")));
        Assert.True(File.Exists(Path.Combine(_workspace, "test.db")), "conversations are stored in the configured SQLite file");
        Assert.False(File.Exists(Path.Combine(AppContext.BaseDirectory, "openagent.db")));
    }
}
